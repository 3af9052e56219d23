//! The hot paths of every reading command, timed with divan: catalog load, journal parse and
//! replay, applicability, the report rows and the tables. Run `cargo bench --bench hot`
//! (short: `cargo bench --bench hot -- --sample-count 20`). The `proposal_*` entry times a
//! journal-reader variant that is not in the tool, to size a change to `journal/read.rs`.

use divan::{Bencher, black_box};
use fasttrack::catalog::{self, Index};
use fasttrack::engagement::{self, Engagement};
use fasttrack::journal::format::{CatalogRef, FORMAT, VERSION};
use fasttrack::journal::{Change, Header, read};
use fasttrack::profile::Profile;
use fasttrack::report::rows::{ItemRow, item_rows, status_report};
use fasttrack::report::table::{Look, items_for, phases_for};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// Journal lengths: the everyday engagement and one 100 times longer.
const LENGTHS: &[usize] = &[300, 30_000];
const PLAIN: Look = Look {
    color: false,
    tty: false,
};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(catalog::embedded()))
}

fn header() -> Header {
    let c = &index().catalog.header;
    Header {
        format: FORMAT.into(),
        version: VERSION,
        engagement: "0123456789abcdef".into(),
        customer: "Bench".into(),
        catalog: CatalogRef {
            id: c.id.to_string(),
            version: c.version.to_string(),
        },
        profile: Profile::default(),
        created: "2026-01-01T00:00:00.000000Z".into(),
        by: "bench".into(),
    }
}

/// `n` changes cycling done / start / note / block over the catalog, as `compare.sh` makes.
fn changes(n: usize) -> Vec<Change> {
    let items = &index().catalog.items;
    (0..n)
        .map(|i| {
            let t = i + 1;
            let (op, status) = [
                ("done", Some("done")),
                ("start", Some("in-progress")),
                ("note", None),
                ("block", Some("blocked")),
            ][i % 4];
            Change {
                id: format!("{:016x}", i + 1).into(),
                at: format!(
                    "2026-01-{:02}T{:02}:{:02}:{:02}.{:06}Z",
                    1 + t / 86_400,
                    t / 3600 % 24,
                    t / 60 % 60,
                    t % 60,
                    i % 1_000_000
                )
                .into(),
                by: "bench".into(),
                op: op.into(),
                item: Some(items[(i / 4) % items.len()].id.clone().into()),
                status: status.map(Into::into),
                note: matches!(op, "note" | "block")
                    .then(|| format!("generated note {i} for the benchmark").into()),
                ..Change::default()
            }
        })
        .collect()
}

fn journal_bytes(n: usize) -> Vec<u8> {
    let mut out = serde_json::to_vec(&header()).unwrap();
    out.push(b'\n');
    for c in changes(n) {
        serde_json::to_writer(&mut out, &c).unwrap();
        out.push(b'\n');
    }
    out
}

#[divan::bench]
fn catalog_embedded_and_index() -> Index {
    Index::new(catalog::embedded())
}

#[divan::bench(args = LENGTHS)]
fn journal_parse(bencher: Bencher, n: usize) {
    let bytes = journal_bytes(n);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench(|| read::parse(Path::new("bench.jsonl"), black_box(&bytes)).unwrap());
}

#[divan::bench(args = LENGTHS)]
fn replay(bencher: Bencher, n: usize) {
    let list = changes(n);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .with_inputs(|| (header(), list.clone()))
        .bench_values(|(h, c)| {
            // Dropping the engagement is part of the bench: the tool forgets it instead.
            Engagement::from_changes(index(), h, c).items.len()
        });
}

#[divan::bench]
fn applicability() -> Vec<Option<String>> {
    engagement::applicability(index(), black_box(&Profile::default()))
}

#[divan::bench(args = LENGTHS)]
fn rows_and_status_report(bencher: Bencher, n: usize) {
    let e = Engagement::from_changes(index(), header(), changes(n));
    bencher.bench(|| {
        let rows = item_rows(&e);
        status_report(&e, &rows).overall.done
    });
}

#[divan::bench]
fn table_phases(bencher: Bencher) {
    let e = Engagement::from_changes(index(), header(), changes(300));
    let rows = item_rows(&e);
    let r = status_report(&e, &rows);
    bencher.bench(|| phases_for(PLAIN, &r.phases, &r.overall).to_string());
}

#[divan::bench]
fn table_items(bencher: Bencher) {
    let e = Engagement::from_changes(index(), header(), changes(300));
    let rows = item_rows(&e);
    let shown: Vec<&ItemRow> = rows.iter().filter(|r| r.applicable).collect();
    bencher.bench(|| items_for(PLAIN, &shown, false).to_string());
}

/// A change borrowing its text from the journal buffer (copies only where JSON escapes).
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct ChangeRef<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(borrow)]
    by: Cow<'a, str>,
    #[serde(borrow)]
    op: Cow<'a, str>,
    #[serde(borrow, default)]
    item: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    note: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    prev: Option<Cow<'a, str>>,
    #[serde(default)]
    forced: bool,
    #[serde(borrow, default)]
    key: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    value: Option<Cow<'a, str>>,
}

/// The next step for `journal/read.rs` (an upper bound): changes borrowing from the buffer,
/// ids checked in a map of borrowed slices; nothing is copied per line. The tool now finds
/// duplicates by sorting indexes (the former proposal A) but still builds an owned `Change`.
#[divan::bench(args = LENGTHS)]
fn proposal_borrowed(bencher: Bencher, n: usize) {
    let bytes = journal_bytes(n);
    bencher.bench(|| {
        let body = black_box(&bytes[..]);
        let mut lines = body.split(|&b| b == b'\n');
        let _header: Header = serde_json::from_slice(lines.next().unwrap()).unwrap();
        let mut changes: Vec<(usize, ChangeRef)> = Vec::with_capacity(body.len() / 128);
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(body.len() / 128);
        for (i, raw) in lines.enumerate() {
            let text = raw.trim_ascii();
            if text.is_empty() {
                continue;
            }
            if let Ok(c) = serde_json::from_slice::<ChangeRef>(text) {
                if let Cow::Borrowed(id) = c.id {
                    seen.entry(id).or_insert(i + 2);
                }
                changes.push((i + 2, c));
            }
        }
        changes.len()
    });
}

//! The hot paths of every reading command, timed with divan: catalog load, journal parse and
//! replay, applicability, the report rows and the tables. Run `cargo bench --bench hot`
//! (short: `cargo bench --bench hot -- --sample-count 20`). `line_fast_path` and
//! `line_serde_json` time one change line through the reader's two paths.

use divan::{Bencher, black_box};
use fasttrack::catalog::{self, Index};
use fasttrack::engagement::{self, Engagement};
use fasttrack::journal::format::{CatalogAtStart, FORMAT, VERSION};
use fasttrack::journal::{Change, JournalHeader, read};
use fasttrack::profile::Profile;
use fasttrack::report::rows::{ItemRow, item_rows, status_report};
use fasttrack::report::table::{TableOutput, items_for, phases_for};
use std::path::Path;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// Journal lengths: the everyday engagement and one 100 times longer.
const LENGTHS: &[usize] = &[300, 30_000];
const PLAIN: TableOutput = TableOutput {
    color: false,
    tty: false,
};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(catalog::embedded()))
}

fn header() -> JournalHeader {
    let c = &index().catalog.header;
    JournalHeader {
        format: FORMAT.into(),
        version: VERSION,
        engagement: "0123456789abcdef".into(),
        customer: "Bench".into(),
        catalog: CatalogAtStart {
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
fn applicability() -> Vec<Option<engagement::Reason>> {
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

/// One change line as the tool writes it (a block with a note and a `prev`).
const LINE: &str = r#"{"id":"41df2c281042af0d","at":"2026-12-01T19:23:58.713365Z","by":"Ann Example","op":"block","item":"aadp-connect.connect-health","status":"blocked","note":"waiting for the proxy change","prev":"086882abb1cadf22"}"#;

/// A change line through the reader's fast path (`journal/scan.rs`), which cuts it at its
/// quotes and borrows every string.
#[divan::bench]
fn line_fast_path() -> bool {
    fasttrack::journal::scan::change(black_box(LINE)).is_some()
}

/// The same line through serde_json (borrowing too): what the fast path replaced, and what
/// still reads every line it leaves alone.
#[divan::bench]
fn line_serde_json() -> bool {
    serde_json::from_str::<fasttrack::journal::format::ChangeOf>(black_box(LINE)).is_ok()
}

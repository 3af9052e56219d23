//! Checks the embedded catalog at build time and writes it out pre-digested as Rust data
//! (`OUT_DIR/catalog.rs`, a `static` for `src/catalog/load.rs`), so that no run of the tool
//! pays for a YAML parse or a decode: a bad `catalog/ems.yaml` fails the build, not a user.
//! It also builds the catalog's scope ranking index with `src/scope`'s own code and writes it
//! out (`OUT_DIR/scope_index.rs`, for `src/scope/prebuilt.rs`), so `scope` does not analyse
//! the catalog's text on every run.

#[allow(dead_code)]
mod catalog {
    #[path = "../src/catalog/digest.rs"]
    pub mod digest;
    #[path = "../src/catalog/model.rs"]
    pub mod model;
    #[path = "../src/catalog/parse.rs"]
    pub mod parse;
    pub use model::{Catalog, List, Prerequisite, Text};
}

/// The scope engine's index construction, the same files the tool compiles.
#[allow(dead_code, unused_imports)]
#[path = "src/scope"]
mod scope {
    pub mod rank;
    pub mod words;
}

use catalog::model::{
    Beyond, Catalog, CatalogHeader, Forests, Identity, Item, List, Owner, Phase, Prerequisite,
    Renamed, Rule, Section, Service, Source, SourceRef, Text, Verdict, When,
};
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let src = "catalog/ems.yaml";
    println!("cargo::rerun-if-changed={src}");
    println!("cargo::rerun-if-changed=src/catalog/model.rs");
    println!("cargo::rerun-if-changed=src/catalog/digest.rs");
    println!("cargo::rerun-if-changed=src/catalog/parse.rs");
    println!("cargo::rerun-if-changed=src/scope/rank.rs");
    println!("cargo::rerun-if-changed=src/scope/words.rs");
    println!("cargo::rerun-if-changed=src/scope/stop_words.rs");
    println!("cargo::rerun-if-changed=src/scope/prerequisite_keys.rs");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| fail(&format!("{src}: {e}")));
    let file = catalog::parse::parse(&text).unwrap_or_else(|p| fail(&format!("{src}: {p}")));
    let digested = catalog::digest::digest(file, &text).unwrap_or_else(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("{src}: {p}")).collect();
        fail(&list.join("\n"))
    });
    let index = scope::rank::ScopeIndex::new(&digested);
    let mut code = String::from("// Written by build.rs from catalog/ems.yaml.\n");
    digested.rust(&mut code);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("catalog.rs"), code)
        .unwrap_or_else(|e| fail(&format!("writing the digested catalog: {e}")));
    std::fs::write(out.join("scope_index.rs"), scope_index(&index))
        .unwrap_or_else(|e| fail(&format!("writing the scope index: {e}")));
}

/// The scope index as pointer-free data for `src/scope/prebuilt.rs`: every string once in
/// one blob (`STRINGS`, cut at `ENDS`), everything else arrays of integers that name strings
/// by number. A `static` holding pointers is relocated by the loader at every start of the
/// tool, whatever the command; integers are not. Floats are written as their bits.
fn scope_index(index: &scope::rank::ScopeIndex) -> String {
    let mut strings = Strings::default();
    let (mut what, mut len, mut pairs_end, mut pairs) = (vec![], vec![], vec![], vec![]);
    for d in index.docs.iter() {
        what.push(match d.what {
            scope::rank::DocRef::Rule(i) => u32::try_from(i).expect("a rule's number"),
            scope::rank::DocRef::Item(i) => ITEM | u32::try_from(i).expect("an item's number"),
        });
        len.push(d.len.to_bits());
        pairs.extend_from_slice(&d.pairs);
        pairs_end.push(pairs.len());
    }
    let df: Vec<[u32; 2]> = index.df.iter().map(|(t, n)| [strings.id(t), *n]).collect();
    let analyzer = &index.analyzer;
    let vocabulary: Vec<u32> = analyzer.vocabulary.iter().map(|v| strings.id(v)).collect();
    let phrases: Vec<[u32; 2]> = analyzer
        .phrases
        .iter()
        .map(|(p, c)| [strings.id(p), strings.id(c)])
        .collect();
    let canonical: Vec<u32> = analyzer.canonical.iter().map(|c| strings.id(c)).collect();
    let (mut key_terms, mut key_ends, mut prerequisite_key_ends) = (vec![], vec![], vec![]);
    for keys in index.keys.iter() {
        for key in keys {
            key_terms.extend(key.iter().map(|t| strings.id(t)));
            key_ends.push(key_terms.len());
        }
        prerequisite_key_ends.push(key_ends.len());
    }

    let mut out = String::from("// Written by build.rs from catalog/ems.yaml.\n");
    writeln!(out, "pub static STRINGS: &str = {:?};", strings.blob).expect("writing to a String");
    array(&mut out, "ENDS", "u32", &strings.ends);
    array(&mut out, "DOC_WHAT", "u32", &what);
    array(&mut out, "DOC_LEN", "u64", &len);
    array(&mut out, "DOC_PAIRS_END", "u32", &pairs_end);
    array(&mut out, "PAIRS", "[u32; 2]", &pairs);
    array(&mut out, "DF", "[u32; 2]", &df);
    array(&mut out, "POSTINGS", "(u32, [u16; 4])", &index.postings);
    array(&mut out, "POSTING_ENDS", "u32", &index.posting_ends);
    array(&mut out, "KEY_TERMS", "u32", &key_terms);
    array(&mut out, "KEY_ENDS", "u32", &key_ends);
    array(
        &mut out,
        "PREREQUISITE_KEY_ENDS",
        "u32",
        &prerequisite_key_ends,
    );
    array(&mut out, "VOCABULARY", "u32", &vocabulary);
    array(&mut out, "PHRASES", "[u32; 2]", &phrases);
    array(&mut out, "CANONICAL", "u32", &canonical);
    write!(
        out,
        "pub const ITEM: u32 = {ITEM};\npub const AVG_LEN: u64 = {};\npub const LONGEST: usize = {};\n",
        index.avg_len.to_bits(),
        analyzer.longest
    )
    .expect("writing to a String");
    out
}

/// The bit of `DOC_WHAT` that says a document is an item (else a rule); the rest is its number.
const ITEM: u32 = 1 << 31;

/// Strings numbered in the order first seen, each stored once: string `i` is
/// `blob[ends[i - 1]..ends[i]]` (from 0 for the first).
#[derive(Default)]
struct Strings {
    blob: String,
    ends: Vec<u32>,
    seen: std::collections::HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.seen.get(s) {
            return i;
        }
        let i = u32::try_from(self.ends.len()).expect("fewer than 2^32 strings");
        self.blob.push_str(s);
        self.ends
            .push(u32::try_from(self.blob.len()).expect("a string blob under 4 GiB"));
        self.seen.insert(s.to_owned(), i);
        i
    }
}

/// `pub static NAME: [TYPE; N] = [...];`, each value by `{:?}`.
fn array<T: std::fmt::Debug>(out: &mut String, name: &str, ty: &str, values: &[T]) {
    write!(out, "pub static {name}: [{ty}; {}] = [", values.len()).expect("writing to a String");
    for v in values {
        write!(out, "{v:?},").expect("writing to a String");
    }
    out.push_str("];\n");
}

fn fail(message: &str) -> ! {
    eprintln!("error: the embedded catalog is invalid\n{message}");
    std::process::exit(1);
}

/// A value of the digested catalog as a Rust expression that borrows all its strings and
/// lists (`Text(Borrowed("..."))`, `List(Borrowed(&[...]))`): valid in a `static`, where the
/// borrowed temporaries live as long as the program.
trait Rust {
    fn rust(&self, out: &mut String);
}

impl Rust for Text {
    fn rust(&self, out: &mut String) {
        // `{:?}` of a `str` is a Rust string literal.
        write!(out, "Text(Borrowed({:?}))", self.as_str()).expect("writing to a String");
    }
}

impl<T: Rust + Clone> Rust for List<T> {
    fn rust(&self, out: &mut String) {
        out.push_str("List(Borrowed(&[");
        for v in self.iter() {
            v.rust(out);
            out.push_str(",\n");
        }
        out.push_str("]))");
    }
}

impl<T: Rust> Rust for Option<T> {
    fn rust(&self, out: &mut String) {
        match self {
            Some(v) => {
                out.push_str("Some(");
                v.rust(out);
                out.push(')');
            }
            None => out.push_str("None"),
        }
    }
}

/// Numbers and flags, and the enums (whose `Debug` is the variant's name).
macro_rules! rust_by_debug {
    ($($t:ty => $prefix:literal),* $(,)?) => {$(
        impl Rust for $t {
            fn rust(&self, out: &mut String) {
                write!(out, concat!($prefix, "{:?}"), self).expect("writing to a String");
            }
        }
    )*};
}

rust_by_debug! {
    bool => "", u8 => "", u32 => "",
    Service => "Service::", Forests => "Forests::", Identity => "Identity::",
    Owner => "Owner::", Verdict => "Verdict::",
}

/// Structs, field by field; the pattern names every field, so one added to `model.rs` and
/// not here fails the build.
macro_rules! rust_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Rust for $t {
            fn rust(&self, out: &mut String) {
                let $t { $($f),* } = self;
                out.push_str(concat!(stringify!($t), " {"));
                $(
                    out.push_str(concat!(stringify!($f), ": "));
                    $f.rust(out);
                    out.push_str(", ");
                )*
                out.push('}');
            }
        }
    )*};
}

rust_struct! {
    Catalog { header, phases, prerequisites, synonyms, renamed, beyond, sections, items, rules }
    CatalogHeader { id, title, version, sources }
    Source { id, title, file, date, url, repo, repo_path }
    Renamed { old, now }
    Beyond { id, name, phrases }
    Phase { id, name, summary, ongoing }
    Prerequisite { id, name, question, keywords }
    Section { id, phase, name, owner, when, source }
    Item {
        id, phase, section, title, detail, owner, when, optional, joint, keywords, aliases,
        source, parent, depth,
    }
    Rule {
        id, verdict, title, statement, condition, when, excludes, items, keywords, aliases,
        section, source,
    }
    SourceRef { doc, heading }
    When { services, forests, identity, requires, unless, min_licenses, max_licenses }
}

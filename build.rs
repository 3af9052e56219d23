//! Checks the embedded catalog at build time and writes it out pre-digested and packed
//! (`OUT_DIR/catalog.rs`: a string blob and `u32` words, see `src/catalog/packed.rs`), so that
//! no run of the tool pays for a YAML parse: a bad `catalog/ems.yaml` fails the build, not a
//! user. It also builds the catalog's scope ranking index with `src/scope`'s own code and
//! writes it out (`OUT_DIR/scope_index.rs`, for `src/scope/prebuilt.rs`), so `scope` does not
//! analyse the catalog's text on every run. Neither holds a pointer: a pointer in a `static`
//! is a relocation the loader applies at every start of the tool, whatever the command.

#[allow(dead_code)]
mod catalog {
    #[path = "../src/catalog/digest.rs"]
    pub mod digest;
    #[path = "../src/catalog/model.rs"]
    pub mod model;
    #[path = "../src/catalog/packed.rs"]
    pub mod packed;
    #[path = "../src/catalog/parse.rs"]
    pub mod parse;
    pub use model::{Catalog, List, Text};
}

/// The scope engine's index construction, the same files the tool compiles.
#[allow(dead_code)]
#[path = "src/scope"]
mod scope {
    pub mod rank;
    pub mod words;
}

use catalog::packed::{Packed, Packer};
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let src = "catalog/ems.yaml";
    println!("cargo::rerun-if-changed={src}");
    println!("cargo::rerun-if-changed=src/catalog/model.rs");
    println!("cargo::rerun-if-changed=src/catalog/digest.rs");
    println!("cargo::rerun-if-changed=src/catalog/parse.rs");
    println!("cargo::rerun-if-changed=src/catalog/packed.rs");
    println!("cargo::rerun-if-changed=src/scope/rank.rs");
    println!("cargo::rerun-if-changed=src/scope/words.rs");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| fail(&format!("{src}: {e}")));
    let file = catalog::parse::parse(&text).unwrap_or_else(|p| fail(&format!("{src}: {p}")));
    let digested = catalog::digest::digest(file, &text).unwrap_or_else(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("{src}: {p}")).collect();
        fail(&list.join("\n"))
    });
    let index = scope::rank::ScopeIndex::new(&digested);
    let mut packed = Packer::default();
    digested.pack(&mut packed);
    let mut code = String::from("// Written by build.rs from catalog/ems.yaml.\n");
    write!(code, "pub static STRINGS: &str = {:?};\n", packed.strings)
        .expect("writing to a String");
    array(&mut code, "WORDS", "u32", &packed.words);
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
    let (mut what, mut len, mut tf_end, mut tf_term, mut tf_n, mut pairs_end, mut pairs) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for d in index.docs.iter() {
        what.push(match d.what {
            scope::rank::DocRef::Rule(i) => u32::try_from(i).expect("a rule's number"),
            scope::rank::DocRef::Item(i) => ITEM | u32::try_from(i).expect("an item's number"),
        });
        len.push(d.len.to_bits());
        for (t, n) in d.tf.iter() {
            tf_term.push(strings.id(t));
            tf_n.push(*n);
        }
        tf_end.push(tf_term.len());
        for (a, b) in d.pairs.iter() {
            pairs.push([strings.id(a), strings.id(b)]);
        }
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

    let mut out = String::from("// Written by build.rs from catalog/ems.yaml.\n");
    write!(out, "pub static STRINGS: &str = {:?};\n", strings.blob).expect("writing to a String");
    array(&mut out, "ENDS", "u32", &strings.ends);
    array(&mut out, "DOC_WHAT", "u32", &what);
    array(&mut out, "DOC_LEN", "u64", &len);
    array(&mut out, "DOC_TF_END", "u32", &tf_end);
    array(&mut out, "TF_TERM", "u32", &tf_term);
    array(&mut out, "TF_N", "[u16; 4]", &tf_n);
    array(&mut out, "DOC_PAIRS_END", "u32", &pairs_end);
    array(&mut out, "PAIRS", "[u32; 2]", &pairs);
    array(&mut out, "DF", "[u32; 2]", &df);
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

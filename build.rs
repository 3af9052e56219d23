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
    pub use model::{Catalog, List, Text};
}

/// The scope engine's index construction, the same files the tool compiles.
#[allow(dead_code)]
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

/// The scope index as a `Prebuilt` expression (see `src/scope/prebuilt.rs`): every string a
/// borrow of the binary; floats by `{:?}`, which reads back to the same bits.
fn scope_index(index: &scope::rank::ScopeIndex) -> String {
    let mut out =
        String::from("// Written by build.rs from catalog/ems.yaml.\nPrebuilt { docs: &[\n");
    for d in index.docs.iter() {
        write!(out, "Doc {{ what: DocRef::{:?}, tf: Borrowed(&[", d.what)
            .expect("writing to a String");
        for (t, n) in d.tf.iter() {
            write!(out, "(Borrowed({:?}), {:?}), ", t.as_ref(), n).expect("writing to a String");
        }
        write!(out, "]), len: {:?}, pairs: Borrowed(&[", d.len).expect("writing to a String");
        for (a, b) in d.pairs.iter() {
            write!(
                out,
                "(Borrowed({:?}), Borrowed({:?})), ",
                a.as_ref(),
                b.as_ref()
            )
            .expect("writing to a String");
        }
        out.push_str("]) },\n");
    }
    out.push_str("], df: &[");
    for (t, n) in index.df.iter() {
        write!(out, "(Borrowed({:?}), {n}), ", t.as_ref()).expect("writing to a String");
    }
    write!(out, "], avg_len: {:?}, vocabulary: &[", index.avg_len).expect("writing to a String");
    for v in index.analyzer.vocabulary.iter() {
        write!(out, "Borrowed({:?}), ", v.as_ref()).expect("writing to a String");
    }
    out.push_str("], phrases: &[");
    for (p, c) in index.analyzer.phrases.iter() {
        write!(
            out,
            "(Borrowed({:?}), Borrowed({:?})), ",
            p.as_ref(),
            c.as_ref()
        )
        .expect("writing to a String");
    }
    write!(out, "], longest: {}, canonical: &[", index.analyzer.longest)
        .expect("writing to a String");
    for c in index.analyzer.canonical.iter() {
        write!(out, "Borrowed({:?}), ", c.as_ref()).expect("writing to a String");
    }
    out.push_str("] }\n");
    out
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
    Prerequisite { id, name, question }
    Section { id, phase, name, owner, when, source }
    Item {
        id, phase, section, title, detail, owner, when, optional, keywords, aliases, source,
        parent, depth,
    }
    Rule {
        id, verdict, title, statement, condition, when, excludes, items, keywords, aliases,
        section, source,
    }
    SourceRef { doc, heading }
    When { services, forests, identity, requires, unless, min_licenses, max_licenses }
}

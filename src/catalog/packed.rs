//! The digested catalog without pointers, as the binary embeds it: one string blob and a
//! stream of `u32` words (a string is its start and end in the blob; a list, its length and
//! then its values; an option, 0 or 1 and then its value; an enum, its variant's number).
//! A `static` of Rust data full of `&str` and slices would be a relocation per pointer, which
//! the loader applies (dirtying the page) at every start of the tool, whatever the command;
//! integers are not. `build.rs` packs the checked catalog (this file is compiled into it too);
//! `load::embedded` unpacks it on first use, every string borrowing the blob.

use super::model::{
    Catalog, CatalogHeader, Forests, Identity, Item, List, Owner, Phase, Prerequisite, Renamed,
    Rule, Section, Service, Source, SourceRef, Text, Verdict, When,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// A value of the catalog, written to and read back from the packed form.
pub trait Packed: Sized {
    fn pack(&self, out: &mut Packer);
    fn unpack(from: &mut Reader) -> Self;
}

/// The packed form being written (by `build.rs`): each distinct string once in `strings`.
#[derive(Default)]
pub struct Packer {
    pub words: Vec<u32>,
    pub strings: String,
    seen: HashMap<String, [u32; 2]>,
}

impl Packer {
    fn word(&mut self, w: u32) {
        self.words.push(w);
    }
}

/// The packed form being read: the words, where the next one is, and the blob.
pub struct Reader {
    words: &'static [u32],
    at: usize,
    strings: &'static str,
}

impl Reader {
    pub fn new(words: &'static [u32], strings: &'static str) -> Reader {
        Reader {
            words,
            at: 0,
            strings,
        }
    }

    fn word(&mut self) -> u32 {
        let w = self.words[self.at];
        self.at += 1;
        w
    }

    /// Whether every word was read (a catalog read to its end, exactly).
    pub fn is_done(&self) -> bool {
        self.at == self.words.len()
    }
}

impl Packed for Text {
    fn pack(&self, out: &mut Packer) {
        let at = match out.seen.get(self.as_str()) {
            Some(&at) => at,
            None => {
                let start = out.strings.len();
                out.strings.push_str(self.as_str());
                let at = [start, out.strings.len()]
                    .map(|n| u32::try_from(n).expect("a catalog under 4 GiB"));
                out.seen.insert(self.as_str().to_owned(), at);
                at
            }
        };
        out.words.extend(at);
    }

    fn unpack(from: &mut Reader) -> Text {
        let (start, end) = (from.word() as usize, from.word() as usize);
        Text(Cow::Borrowed(&from.strings[start..end]))
    }
}

impl<T: Packed + Clone> Packed for List<T> {
    fn pack(&self, out: &mut Packer) {
        out.word(u32::try_from(self.len()).expect("a list under 2^32 values"));
        for v in self.iter() {
            v.pack(out);
        }
    }

    fn unpack(from: &mut Reader) -> List<T> {
        match from.word() {
            0 => List::default(),
            n => List(Cow::Owned((0..n).map(|_| T::unpack(from)).collect())),
        }
    }
}

impl<T: Packed> Packed for Option<T> {
    fn pack(&self, out: &mut Packer) {
        match self {
            Some(v) => {
                out.word(1);
                v.pack(out);
            }
            None => out.word(0),
        }
    }

    fn unpack(from: &mut Reader) -> Option<T> {
        (from.word() != 0).then(|| T::unpack(from))
    }
}

impl Packed for u32 {
    fn pack(&self, out: &mut Packer) {
        out.word(*self);
    }

    fn unpack(from: &mut Reader) -> u32 {
        from.word()
    }
}

impl Packed for u8 {
    fn pack(&self, out: &mut Packer) {
        out.word(u32::from(*self));
    }

    fn unpack(from: &mut Reader) -> u8 {
        u8::try_from(from.word()).expect("packed as a u8")
    }
}

impl Packed for bool {
    fn pack(&self, out: &mut Packer) {
        out.word(u32::from(*self));
    }

    fn unpack(from: &mut Reader) -> bool {
        from.word() != 0
    }
}

/// Enums by variant number; the match names every variant, so one added to `model.rs` and not
/// here fails the build.
macro_rules! packed_enum {
    ($($t:ident { $($v:ident),* $(,)? })*) => {$(
        impl Packed for $t {
            fn pack(&self, out: &mut Packer) {
                match self {
                    $($t::$v)|* => out.word(*self as u32),
                }
            }

            fn unpack(from: &mut Reader) -> $t {
                let w = from.word();
                $(if w == $t::$v as u32 {
                    return $t::$v;
                })*
                panic!(concat!("no ", stringify!($t), " numbered {}"), w)
            }
        }
    )*};
}

packed_enum! {
    Service { Intune, AadPremium, CoManagement }
    Forests { Single, Multiple }
    Identity { Cloud, Managed, Federated }
    Owner { Fasttrack, Customer }
    Verdict { InScope, Conditional, OutOfScope }
}

/// Structs, field by field in the order written; the pattern names every field, so one added
/// to `model.rs` and not here fails the build.
macro_rules! packed_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Packed for $t {
            fn pack(&self, out: &mut Packer) {
                let $t { $($f),* } = self;
                $($f.pack(out);)*
            }

            fn unpack(from: &mut Reader) -> $t {
                $t { $($f: Packed::unpack(from)),* }
            }
        }
    )*};
}

packed_struct! {
    Catalog { header, phases, prerequisites, synonyms, renamed, sections, items, rules }
    CatalogHeader { id, title, version, sources }
    Source { id, title, file, date, url, repo, repo_path }
    Renamed { old, now }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The real catalog, packed and read back, is the same catalog.
    #[test]
    fn a_catalog_reads_back_as_packed() {
        let text = include_str!("../../catalog/ems.yaml");
        let catalog = super::super::load::check_text(std::path::Path::new("ems.yaml"), text)
            .expect("the real catalog");
        let mut out = Packer::default();
        catalog.pack(&mut out);
        let (words, strings) = (out.words.leak(), out.strings.leak());
        let mut from = Reader::new(words, strings);
        assert_eq!(Catalog::unpack(&mut from), catalog);
        assert!(from.is_done());
    }
}

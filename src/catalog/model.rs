//! The catalog's types: what `catalog/ems.yaml` says (the file form, nested and terse) and
//! what the tool works with (the digested form, flat and resolved).
//!
//! Their strings are [`Text`] and their lists [`List`]: for the embedded catalog, which
//! `build.rs` writes out as Rust data, borrows of the binary (nothing to decode, copy or free);
//! for a catalog read from a file, owned.
//!
//! This file is shared with `build.rs`, which parses the embedded catalog at build time and
//! writes out the digested form, so it may use only `serde` and `std`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

// ---------------------------------------------------------------------------------------------
// Strings and lists: borrowed from the binary, or owned.
// ---------------------------------------------------------------------------------------------

/// A string of the catalog. Reads as a `str`; cloning a borrowed one copies a pointer. (The
/// field is the crate's so that the embedded catalog's data can name `Text(Borrowed("..."))`.)
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub(crate) Cow<'static, str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lets maps keyed by `Text` be looked up with a `&str`, and `[Text]` be joined.
impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text(Cow::Borrowed(s))
    }
}

/// Keeps a borrowed string borrowed (a journal change naming a catalog item copies nothing).
impl<'a> From<Text> for Cow<'a, str> {
    fn from(t: Text) -> Cow<'a, str> {
        t.0
    }
}

/// Shown as the string it holds (quoted), so messages read as they would with a `String`.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Honours width and alignment (`{:<22}`) as a `str` does.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// A list of the catalog. Reads as a slice; cloning a borrowed one copies a pointer. (The
/// field is the crate's for the same reason as `Text`'s: `List(Borrowed(&[...]))`.)
#[derive(Clone, PartialEq, Eq)]
pub struct List<T: Clone + 'static>(pub(crate) Cow<'static, [T]>);

impl<T: Clone> List<T> {
    /// The list to change (copied first if it is borrowed).
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        self.0.to_mut()
    }
}

impl<T: Clone> Default for List<T> {
    fn default() -> List<T> {
        List(Cow::Borrowed(&[]))
    }
}

impl<T: Clone> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: Clone> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> List<T> {
        List(Cow::Owned(items))
    }
}

impl<T: Clone> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> List<T> {
        List(Cow::Owned(iter.into_iter().collect()))
    }
}

impl<'a, T: Clone> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Shown as the slice it holds.
impl<T: Clone + fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl<T: Clone + Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List<T>, D::Error> {
        Vec::deserialize(deserializer).map(List::from)
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary shared by the catalog, the profile and the command line.
// ---------------------------------------------------------------------------------------------

/// An EMS service an engagement can onboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    Intune,
    AadPremium,
    CoManagement,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Intune, Service::AadPremium, Service::CoManagement];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::Intune => "intune",
            Service::AadPremium => "aad-premium",
            Service::CoManagement => "co-management",
        }
    }

    pub fn parse(s: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The customer's on-premises Active Directory topology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Forests {
    Single,
    Multiple,
}

impl Forests {
    pub const ALL: [Forests; 2] = [Forests::Single, Forests::Multiple];

    pub fn as_str(self) -> &'static str {
        match self {
            Forests::Single => "single",
            Forests::Multiple => "multiple",
        }
    }

    pub fn parse(s: &str) -> Option<Forests> {
        Forests::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The identity model the customer is moving to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Identity {
    /// Cloud-only accounts.
    Cloud,
    /// Synchronised accounts with password hash sync or pass-through authentication.
    Managed,
    /// Synchronised accounts signing in through AD FS.
    Federated,
}

impl Identity {
    pub const ALL: [Identity; 3] = [Identity::Cloud, Identity::Managed, Identity::Federated];

    pub fn as_str(self) -> &'static str {
        match self {
            Identity::Cloud => "cloud",
            Identity::Managed => "managed",
            Identity::Federated => "federated",
        }
    }

    pub fn parse(s: &str) -> Option<Identity> {
        Identity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Who carries out an item: FastTrack (guidance) or the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    Fasttrack,
    Customer,
}

impl Owner {
    pub const ALL: [Owner; 2] = [Owner::Fasttrack, Owner::Customer];

    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Fasttrack => "fasttrack",
            Owner::Customer => "customer",
        }
    }

    pub fn parse(s: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What a scope rule says about the thing it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    InScope,
    Conditional,
    OutOfScope,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::InScope => "in-scope",
            Verdict::Conditional => "conditional",
            Verdict::OutOfScope => "out-of-scope",
        }
    }
}

/// Conditions on a profile, as data. Every field that is set must hold; an empty list or an
/// absent value places no condition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct When {
    /// Any of these services is onboarded.
    pub services: List<Service>,
    /// The AD topology is this one.
    pub forests: Option<Forests>,
    /// The identity target is any of these.
    pub identity: List<Identity>,
    /// The customer has every one of these prerequisites (ids from the catalog's
    /// `prerequisites`).
    pub requires: List<Text>,
    /// The customer has none of these prerequisites.
    pub unless: List<Text>,
    /// The customer holds at least this many licences.
    pub min_licenses: Option<u32>,
    /// The customer holds fewer than this many licences.
    pub max_licenses: Option<u32>,
}

impl When {
    pub fn is_empty(&self) -> bool {
        *self == When::default()
    }

    /// This condition and `other` together (used for inheritance from sections and parents).
    pub fn and(&self, other: &When) -> When {
        fn union<T: Clone + PartialEq>(a: &[T], b: &[T]) -> List<T> {
            let mut out = a.to_vec();
            for v in b {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            out.into()
        }
        fn narrow<T: Clone + PartialEq>(outer: &[T], inner: &[T]) -> List<T> {
            match (outer.is_empty(), inner.is_empty()) {
                (true, _) => inner.to_vec().into(),
                (_, true) => outer.to_vec().into(),
                _ => outer
                    .iter()
                    .filter(|v| inner.contains(v))
                    .cloned()
                    .collect(),
            }
        }
        When {
            services: narrow(&self.services, &other.services),
            forests: other.forests.or(self.forests),
            identity: narrow(&self.identity, &other.identity),
            requires: union(&self.requires, &other.requires),
            unless: union(&self.unless, &other.unless),
            min_licenses: other.min_licenses.or(self.min_licenses),
            max_licenses: other.max_licenses.or(self.max_licenses),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The file form: `catalog/ems.yaml`.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub catalog: CatalogHeader,
    pub phases: List<Phase>,
    /// Profile facts a consultant records at `init` (subscriptions, licences, infrastructure).
    #[serde(default)]
    pub prerequisites: List<Prerequisite>,
    /// Groups of words and abbreviations that mean the same thing to a consultant
    /// (`[aad, azure ad, azure active directory]`); used when matching scope questions.
    #[serde(default)]
    pub synonyms: Vec<List<Text>>,
    /// Product names the sources use that Microsoft has since replaced, with today's name:
    /// `show` names the current product beside a title that uses an old one.
    #[serde(default)]
    pub renamed: List<Renamed>,
    /// Neighbouring products and tasks the sources never speak of ("mailbox migration",
    /// "Microsoft Sentinel"): a scope question about one is answered `not-covered`, by name.
    #[serde(default)]
    pub beyond: List<Beyond>,
    pub sections: Vec<SectionFile>,
    pub items: Vec<ItemFile>,
    #[serde(default)]
    pub rules: Vec<RuleFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogHeader {
    pub id: Text,
    pub title: Text,
    pub version: Text,
    pub sources: List<Source>,
}

impl CatalogHeader {
    /// The month of the newest source ("2018-12"): the benefit as Microsoft documented it
    /// then, which need not be the benefit of today.
    pub fn documented(&self) -> Option<&str> {
        self.sources
            .iter()
            .filter_map(|s| s.date.as_deref())
            .max()
            .map(|d| d.get(..7).unwrap_or(d))
    }
}

/// A source document the catalog restates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Text,
    pub title: Text,
    /// File name of the document (as published on Microsoft Learn).
    pub file: Text,
    /// The document's date (`ms.date`), ISO form.
    #[serde(default)]
    pub date: Option<Text>,
    /// The public address of the page (`https://...`).
    #[serde(default)]
    pub url: Option<Text>,
    /// The public repository that holds the page's text (`MicrosoftDocs/EMDocs`): a second
    /// reference, with its history, should the address move.
    #[serde(default)]
    pub repo: Option<Text>,
    /// The page's path in `repo`.
    #[serde(default)]
    pub repo_path: Option<Text>,
}

/// A product name the sources use and the name Microsoft uses for it today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    /// The name as the sources write it ("Azure AD Connect"), matched as whole words and
    /// with its case.
    pub old: Text,
    /// Today's name ("Microsoft Entra Connect").
    pub now: Text,
}

/// A neighbouring product or task the sources never speak of. Not a verdict of the sources:
/// their silence, named, so a customer hears "the documents do not cover X" rather than an
/// answer about a different entry that shares a word with the question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beyond {
    pub id: Text,
    /// What it is, as it reads inside a sentence ("mailbox migration to Exchange Online",
    /// "Microsoft Sentinel").
    pub name: Text,
    /// The phrases that name it in a question, matched as consecutive words after the scope
    /// analyzer's stemming, synonyms and typo correction ("migrate mailboxes", "sentinel").
    pub phrases: List<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub summary: Option<Text>,
    /// Holds through every phase (General): never the engagement's "current phase".
    #[serde(default)]
    pub ongoing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    pub id: Text,
    /// What the customer has, as a consultant would say it ("TeamViewer subscription").
    pub name: Text,
    /// The question asked at `init`.
    #[serde(default)]
    pub question: Option<Text>,
    /// Words that name it in a scope question besides its name's own ("Lookout" for a Mobile
    /// Threat Defense subscription, "partner of record" for a listed partner).
    #[serde(default)]
    pub keywords: List<Text>,
}

/// Where a statement comes from: a source document and the heading it sits under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub doc: Text,
    pub heading: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub id: Text,
    pub phase: Text,
    pub name: Text,
    pub owner: Owner,
    #[serde(default)]
    pub when: When,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub id: Text,
    pub section: Option<Text>,
    pub title: Text,
    #[serde(default)]
    pub detail: Option<Text>,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub when: When,
    /// The source's own hedge ("if required", "if deployed", "when applicable"): the item
    /// applies, but the customer may not need it.
    #[serde(default)]
    pub optional: Option<Text>,
    /// A customer's part in something FastTrack runs with the customer ("attend the kickoff",
    /// "join the meetings on the user-provisioning approach"): the activity is FastTrack's and
    /// the customer takes part, so a question asking FastTrack's help with it is in scope.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joint: bool,
    #[serde(default)]
    pub keywords: List<Text>,
    /// Former ids of this item: journals that name them still resolve.
    #[serde(default)]
    pub aliases: List<Text>,
    #[serde(default)]
    pub source: Option<SourceRef>,
    /// Sub-bullets of the source; they inherit section, owner, conditions and source.
    #[serde(default)]
    pub children: Vec<ItemFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: Text,
    pub verdict: Verdict,
    pub title: Text,
    pub statement: Text,
    /// The condition in words ("only with a single forest and a federated target").
    #[serde(default)]
    pub condition: Option<Text>,
    /// When the rule holds; empty: always.
    #[serde(default)]
    pub when: When,
    /// Items this rule takes out of scope while it holds.
    #[serde(default)]
    pub excludes: List<Text>,
    /// Items this rule is about (shown together; no effect on applicability).
    #[serde(default)]
    pub items: List<Text>,
    #[serde(default)]
    pub keywords: List<Text>,
    #[serde(default)]
    pub aliases: List<Text>,
    pub source: SourceRef,
}

// ---------------------------------------------------------------------------------------------
// The digested form: flat, every inheritance resolved, checked. This is what the binary embeds.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub header: CatalogHeader,
    pub phases: List<Phase>,
    pub prerequisites: List<Prerequisite>,
    pub synonyms: List<List<Text>>,
    /// Old product names with today's, longest old name first.
    pub renamed: List<Renamed>,
    /// Neighbouring topics the sources do not cover, in catalog order.
    pub beyond: List<Beyond>,
    pub sections: List<Section>,
    /// Every item in catalog order (a parent before its children).
    pub items: List<Item>,
    pub rules: List<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: Text,
    pub phase: Text,
    pub name: Text,
    pub owner: Owner,
    pub when: When,
    pub source: SourceRef,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: Text,
    pub phase: Text,
    pub section: Text,
    pub title: Text,
    pub detail: Option<Text>,
    pub owner: Owner,
    /// The item's own conditions and those of its section and parents.
    pub when: When,
    pub optional: Option<Text>,
    /// The customer's part in an activity FastTrack runs with it (see `ItemFile::joint`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub joint: bool,
    pub keywords: List<Text>,
    pub aliases: List<Text>,
    pub source: SourceRef,
    pub parent: Option<Text>,
    /// 0 for a top-level bullet, 1 for a sub-bullet, ...
    pub depth: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: Text,
    pub verdict: Verdict,
    pub title: Text,
    pub statement: Text,
    pub condition: Option<Text>,
    pub when: When,
    pub excludes: List<Text>,
    pub items: List<Text>,
    pub keywords: List<Text>,
    pub aliases: List<Text>,
    /// The source heading the rule sits under (from `source.heading`).
    pub section: Text,
    pub source: SourceRef,
}

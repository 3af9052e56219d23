//! The catalog's types: what `catalog/ems.yaml` says (the file form, nested and terse) and
//! what the tool works with (the digested form, flat and resolved).
//!
//! This file is shared with `build.rs`, which parses the embedded catalog at build time and
//! stores the digested form, so it may use only `serde` and `std`.

use serde::{Deserialize, Serialize};

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
    pub services: Vec<Service>,
    /// The AD topology is this one.
    pub forests: Option<Forests>,
    /// The identity target is any of these.
    pub identity: Vec<Identity>,
    /// The customer has every one of these prerequisites (ids from the catalog's
    /// `prerequisites`).
    pub requires: Vec<String>,
    /// The customer has none of these prerequisites.
    pub unless: Vec<String>,
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
        fn union<T: Clone + PartialEq>(a: &[T], b: &[T]) -> Vec<T> {
            let mut out = a.to_vec();
            for v in b {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            out
        }
        fn narrow<T: Clone + PartialEq>(outer: &[T], inner: &[T]) -> Vec<T> {
            match (outer.is_empty(), inner.is_empty()) {
                (true, _) => inner.to_vec(),
                (_, true) => outer.to_vec(),
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
    pub catalog: Header,
    pub phases: Vec<Phase>,
    /// Profile facts a consultant records at `init` (subscriptions, licences, infrastructure).
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// Groups of words and abbreviations that mean the same thing to a consultant
    /// (`[aad, azure ad, azure active directory]`); used when matching scope questions.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    pub sections: Vec<SectionFile>,
    pub items: Vec<ItemFile>,
    #[serde(default)]
    pub rules: Vec<RuleFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub id: String,
    pub title: String,
    pub version: String,
    pub sources: Vec<Source>,
}

/// A source document the catalog restates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// File name of the document (as published on Microsoft Learn).
    pub file: String,
    /// The document's date (`ms.date`), ISO form.
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// Holds through every phase (General): never the engagement's "current phase".
    #[serde(default)]
    pub ongoing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    pub id: String,
    /// What the customer has, as a consultant would say it ("TeamViewer subscription").
    pub name: String,
    /// The question asked at `init`.
    #[serde(default)]
    pub question: Option<String>,
}

/// Where a statement comes from: a source document and the heading it sits under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub doc: String,
    pub heading: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub id: String,
    pub phase: String,
    pub name: String,
    pub owner: Owner,
    #[serde(default)]
    pub when: When,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub id: String,
    pub section: Option<String>,
    pub title: String,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub when: When,
    /// The source's own hedge ("if required", "if deployed", "when applicable"): the item
    /// applies, but the customer may not need it.
    #[serde(default)]
    pub optional: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Former ids of this item: journals that name them still resolve.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub source: Option<SourceRef>,
    /// Sub-bullets of the source; they inherit section, owner, conditions and source.
    #[serde(default)]
    pub children: Vec<ItemFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: String,
    pub verdict: Verdict,
    pub title: String,
    pub statement: String,
    /// The condition in words ("only with a single forest and a federated target").
    #[serde(default)]
    pub condition: Option<String>,
    /// When the rule holds; empty: always.
    #[serde(default)]
    pub when: When,
    /// Items this rule takes out of scope while it holds.
    #[serde(default)]
    pub excludes: Vec<String>,
    /// Items this rule is about (shown together; no effect on applicability).
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub source: SourceRef,
}

// ---------------------------------------------------------------------------------------------
// The digested form: flat, every inheritance resolved, checked. This is what the binary embeds.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub header: Header,
    pub phases: Vec<Phase>,
    pub prerequisites: Vec<Prerequisite>,
    pub synonyms: Vec<Vec<String>>,
    pub sections: Vec<Section>,
    /// Every item in catalog order (a parent before its children).
    pub items: Vec<Item>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub phase: String,
    pub name: String,
    pub owner: Owner,
    pub when: When,
    pub source: SourceRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub phase: String,
    pub section: String,
    pub title: String,
    pub detail: Option<String>,
    pub owner: Owner,
    /// The item's own conditions and those of its section and parents.
    pub when: When,
    pub optional: Option<String>,
    pub keywords: Vec<String>,
    pub aliases: Vec<String>,
    pub source: SourceRef,
    pub parent: Option<String>,
    /// 0 for a top-level bullet, 1 for a sub-bullet, ...
    pub depth: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub verdict: Verdict,
    pub title: String,
    pub statement: String,
    pub condition: Option<String>,
    pub when: When,
    pub excludes: Vec<String>,
    pub items: Vec<String>,
    pub keywords: Vec<String>,
    pub aliases: Vec<String>,
    /// The source heading the rule sits under (from `source.heading`).
    pub section: String,
    pub source: SourceRef,
}

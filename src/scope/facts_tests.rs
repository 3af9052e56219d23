//! Unit tests of the facts a question states: counts, versions, forests, having, lacking and
//! asking for prerequisites, purposes and context.

use super::*;
use crate::catalog::{Index, embedded};

fn read(question: &str) -> Facts {
    let index = Index::new(embedded());
    let scope = ScopeIndex::new(&index.catalog);
    Facts::read(
        &scope,
        &scope.query(question),
        question,
        &index.catalog.prerequisites,
    )
}

#[test]
fn counts_versions_and_forests_are_read() {
    let f = read("We have 120 seats and three forests; PCs on Windows 10 1709");
    assert_eq!(f.licenses, Some(120));
    assert_eq!(f.forests, Some(Forests::Multiple));
    assert_eq!(f.windows, Some(1709));
    assert_eq!(read("devices on 20H2").windows, Some(2009));
    let f = read("our forest level is Windows Server 2012 R2");
    assert_eq!((f.server, f.windows), (Some(2012), None));
    assert_eq!(read("We bought 2,000 EMS E3 seats").licenses, Some(2000));
    // A count of devices is no licence count.
    assert_eq!(read("enroll all 800 devices").licenses, None);
    // A count of people is a licence count only where the clause speaks of a purchase.
    let f = read("We bought Entra ID P2 standalone for 300 people");
    assert_eq!(f.licenses, Some(300));
    assert_eq!(read("turn on MFA for 50 pilot users").licenses, None);
}

#[test]
fn asking_for_a_prerequisite_to_be_obtained_is_read() {
    let f = read("will you sign us up for a TeamViewer subscription?");
    assert_eq!(f.acquires, vec!["teamviewer".to_owned()]);
    assert!(
        read("can you build the TeamViewer integration?")
            .acquires
            .is_empty()
    );
    assert!(read("we bought TeamViewer").acquires.is_empty());
}

#[test]
fn a_word_also_asked_about_is_no_purpose() {
    let f = read("can you deploy AD FS for us so we can federate?");
    assert!(f.purpose_terms.is_empty(), "{:?}", f.purpose_terms);
    assert!(
        !read("turn on MFA so ppl stop calling the helpdesk")
            .purpose_terms
            .is_empty()
    );
}

#[test]
fn clauses_stating_what_the_customer_has_are_context() {
    let f = read("legal already wrote the text. can you configure terms of use?");
    assert!(f.context_terms.iter().any(|t| t.starts_with("legal")));
    assert!(!f.context_terms.iter().any(|t| t.starts_with("configur")));
    // What the customer does meanwhile is context too; what is asked is not.
    let f = read("while we are fixing stuff in remediation, will you schedule calls?");
    assert!(f.context_terms.iter().any(|t| t.starts_with("fix")));
    assert!(!f.context_terms.iter().any(|t| t.starts_with("schedul")));
}

#[test]
fn a_verb_of_use_is_possession_only_after_a_subject() {
    assert!(
        read("we use TeamViewer today")
            .has
            .contains(&"teamviewer".to_owned())
    );
    let f = read("can you help us connect Intune and use its risk level");
    assert!(f.has.is_empty(), "{:?}", f.has);
}

#[test]
fn having_and_lacking_prerequisites_are_read_per_clause() {
    let f = read("We have a TeamViewer subscription, can you integrate it?");
    assert_eq!(f.has, ["teamviewer"]);
    let f = read("We don't have E5, but we have TeamViewer");
    assert_eq!(
        (f.lacks.as_slice(), f.has.as_slice()),
        (&["e5".to_owned()][..], &["teamviewer".to_owned()][..])
    );
    // Naming a product is not having it.
    assert!(read("can you integrate TeamViewer?").is_empty());
}

#[test]
fn condition_versions_are_read_by_family() {
    assert_eq!(
        versions("Windows 10 1703 or later for Azure AD join; 1809 or later for hybrid join"),
        (vec![1703, 1809], vec![])
    );
    assert_eq!(
        versions("forest functional level Windows Server 2008 or above"),
        (vec![], vec![2008])
    );
}

/// A prerequisite is also named by its catalog keywords, as runs of words: a vendor
/// ("Zimperium") or a phrase whose words alone name nothing ("partner listed").
#[test]
fn prerequisite_keywords_name_it() {
    assert_eq!(read("we already pay for Zimperium").has, ["mtd"]);
    assert_eq!(
        read("We have a Microsoft partner listed in our tenant").has,
        ["partner"]
    );
    assert_eq!(read("we don't have a partner of record").lacks, ["partner"]);
    // The words apart are no key: a partner that is not listed anywhere.
    assert!(
        read("we have a partner for Lookout")
            .has
            .contains(&"mtd".to_owned())
    );
    assert!(
        !read("we have a partner who manages the apps we listed")
            .has
            .contains(&"partner".to_owned())
    );
}

#[test]
fn a_count_meets_the_limit_a_condition_names_or_passes_it() {
    let index = Index::new(embedded());
    let scope = ScopeIndex::new(&index.catalog);
    let limit = super::super::count::limit(&scope.analyzer, "up to three gallery apps; more");
    let (most, of) = limit.expect("a limit");
    assert_eq!(most, 3);
    let stated = |q: &str| super::super::count::stated(&read(q).counts, &of);
    assert_eq!(stated("SSO for just those two apps"), Some(2));
    assert_eq!(stated("can you guide us on those 3?"), Some(3));
    assert_eq!(stated("it is three apps in total"), Some(3));
    assert_eq!(stated("more than three apps"), Some(4));
    assert_eq!(stated("SSO for 25 SaaS applications"), None);
    assert_eq!(stated("SSO for 25 SaaS apps"), Some(25));
    // A number that counts something else is no count of apps.
    assert_eq!(stated("Windows 10 laptops"), None);
}

#[test]
fn a_negation_about_fasttrack_denies_nothing() {
    // "You don't do X, right?" asks about X.
    let f = read("you don't do the end-user training, correct?");
    assert!(f.denied_terms.is_empty(), "{f:?}");
    let f = read("FastTrack can't help with TeamViewer, can it?");
    assert!(f.lacks.is_empty(), "{f:?}");
    // The customer's own negation still does.
    assert_eq!(read("we don't have TeamViewer").lacks, vec!["teamviewer"]);
}

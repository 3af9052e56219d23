//! Today's product names for the old ones a catalog text uses ("Azure AD Connect" is now
//! "Microsoft Entra Connect"), so nobody reads a 2018 name as the current product.

use super::model::Renamed;

/// The renamed entries whose old name `text` uses, in the order the text uses them, each
/// once. Old names match as whole words with their case; the catalog lists the longest
/// first, so "Azure AD Connect Health" is found and the "Azure AD" inside it is not.
pub fn current_names<'a>(renamed: &'a [Renamed], text: &str) -> Vec<&'a Renamed> {
    let mut taken: Vec<(usize, usize, &Renamed)> = Vec::new();
    for r in renamed {
        let old = r.old.as_str();
        if old.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(at) = text[from..].find(old).map(|i| i + from) {
            let end = at + old.len();
            from = end;
            let word_start = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let word_end = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            let overlaps = taken.iter().any(|&(s, e, _)| at < e && s < end);
            if word_start && word_end && !overlaps {
                taken.push((at, end, r));
            }
        }
    }
    taken.sort_by_key(|&(s, _, _)| s);
    let mut out: Vec<&Renamed> = Vec::new();
    for (_, _, r) in taken {
        if !out.iter().any(|o| std::ptr::eq(*o, r)) {
            out.push(r);
        }
    }
    out
}

/// "Azure AD Connect, now Microsoft Entra Connect; ...": the names `text` uses, or `None`.
pub fn describe(renamed: &[Renamed], text: &str) -> Option<String> {
    let found = current_names(renamed, text);
    (!found.is_empty()).then(|| {
        found
            .iter()
            .map(|r| format!("{}, now {}", r.old, r.now))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Text;

    fn list() -> Vec<Renamed> {
        [
            ("Azure AD Connect Health", "Microsoft Entra Connect Health"),
            ("Azure AD Connect", "Microsoft Entra Connect"),
            ("Azure AD", "Microsoft Entra ID"),
            ("SCCM", "Microsoft Configuration Manager"),
        ]
        .into_iter()
        .map(|(old, now)| Renamed {
            old: Text::from(old),
            now: Text::from(now),
        })
        .collect()
    }

    #[test]
    fn the_longest_old_name_wins_and_each_is_named_once() {
        let l = list();
        let found = current_names(
            &l,
            "Set up Azure AD Connect Health, then Azure AD and Azure AD",
        );
        let olds: Vec<&str> = found.iter().map(|r| r.old.as_str()).collect();
        assert_eq!(olds, ["Azure AD Connect Health", "Azure AD"]);
    }

    #[test]
    fn old_names_match_whole_words_only() {
        let l = list();
        assert!(current_names(&l, "SCCMs and Azure ADx").is_empty());
        assert!(current_names(&l, "azure ad in lower case").is_empty());
        assert_eq!(
            describe(&l, "Move from SCCM").as_deref(),
            Some("SCCM, now Microsoft Configuration Manager")
        );
        assert_eq!(describe(&l, "Nothing renamed here"), None);
    }

    /// Every title of the real catalog that uses an old name gets today's; the real list
    /// names each current product in a synonym group with an old name, so `scope` finds both.
    #[test]
    fn the_real_catalog_names_today_s_products() {
        let c = crate::catalog::embedded();
        let title = c
            .items
            .iter()
            .find(|i| i.id == "aadp-connect.connect-health")
            .unwrap();
        assert_eq!(
            describe(&c.renamed, &title.title).as_deref(),
            Some("Azure AD Connect Health, now Microsoft Entra Connect Health")
        );
        let in_synonyms = |w: &str| {
            let w = w.to_lowercase();
            c.synonyms.iter().any(|g| g.iter().any(|s| *s == *w))
        };
        for r in &c.renamed {
            assert!(in_synonyms(&r.old), "{} is a synonym", r.old);
        }
    }
}

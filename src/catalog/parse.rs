//! Read catalog YAML safely: a size cap before parsing, no anchors or aliases, a nesting limit
//! and an event budget, so a hostile file fails fast instead of eating memory or the stack.
//!
//! Shared with `build.rs`, so it uses only `std`, `serde-saphyr` and the catalog's own types.

use super::digest::Problem;
use super::model::CatalogFile;
use serde_saphyr::ExternalMessageSource;
use serde_saphyr::granit_parser::ErrorKind;

/// A catalog file larger than this is refused before parsing (the real one is ~60 KB).
pub const MAX_CATALOG_BYTES: usize = 4 * 1024 * 1024;

/// Deepest nesting of mappings and sequences a catalog may use (the real one needs 6).
pub const MAX_DEPTH: usize = 32;

/// Most YAML nodes (mappings, sequences, scalars) a catalog may hold (the real one has ~5,000).
pub const MAX_NODES: usize = 100_000;

/// Parses catalog YAML into its file form; the error names the line and column.
pub fn parse(text: &str) -> Result<CatalogFile, Problem> {
    if text.len() > MAX_CATALOG_BYTES {
        return Err(Problem {
            line: None,
            column: None,
            message: format!(
                "file is {} bytes, over the {} byte limit for a catalog",
                text.len(),
                MAX_CATALOG_BYTES
            ),
        });
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 0;
    budget.max_anchors = 0;
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_events = 2 * MAX_NODES;
    budget.max_nodes = MAX_NODES;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<CatalogFile>(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line() as usize).filter(|&l| l > 0);
        let column = e
            .location()
            .map(|l| l.column() as usize)
            .filter(|&c| c > 0 && line.is_some());
        let message = match e.without_snippet() {
            serde_saphyr::Error::Budget { breach, .. } => explain_breach(breach),
            serde_saphyr::Error::ExternalMessage {
                source: scan, ..
            } if matches!(
                &**scan,
                ExternalMessageSource::Parser(s) if matches!(s.kind(), ErrorKind::RecursionLimitExceeded)
            ) =>
            {
                too_deep()
            }
            other => strip_location(&one_line(&other.to_string())).to_owned(),
        };
        Problem {
            line,
            column,
            message,
        }
    })
}

/// Says in the user's terms which limit a hostile or broken file ran into.
fn explain_breach(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => {
            "YAML anchors and aliases (&name, *name) are not allowed in a catalog: write each value out".into()
        }
        B::Depth { .. } => too_deep(),
        B::Nodes { .. } | B::Events { .. } => format!(
            "more than {MAX_NODES} YAML values: far larger than any catalog; is this the right file?"
        ),
        B::Documents { .. } => {
            "more than one YAML document (`---`): a catalog is one document".into()
        }
        other => format!("over a safety limit for catalog files ({other:?})"),
    }
}

fn too_deep() -> String {
    format!("nested more than {MAX_DEPTH} levels deep (a catalog needs far fewer)")
}

/// The message without the " at line L, column C" the parser appends (we print our own).
fn strip_location(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(i) if text[i + 9..].contains(", column ") => &text[..i],
        _ => text,
    }
}

/// The parser's message, folded onto one line without its own location prefix.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for part in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The seed catalog: parses, so hostile variants of it fail for the reason under test.
    const GOOD: &str = include_str!("../../catalog/ems.yaml");

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("parsed a hostile catalog"),
            Err(p) => p.to_string(),
        }
    }

    #[test]
    fn the_seed_catalog_parses() {
        parse(GOOD).unwrap();
    }

    #[test]
    fn billion_laughs_is_refused_at_the_first_anchor() {
        let mut text =
            String::from("synonyms:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 0..9u8 {
            let (prev, this) = ((b'a' + i) as char, (b'b' + i) as char);
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("  - &{this} [{refs}]\n"));
        }
        assert!(err(&text).contains("anchors and aliases"), "{}", err(&text));
    }

    #[test]
    fn alias_fan_out_is_refused() {
        let text = format!(
            "synonyms:\n  - &a [{}]\n  - [{}]\n",
            vec!["x"; 5000].join(","),
            vec!["*a"; 5000].join(",")
        );
        assert!(err(&text).contains("anchors and aliases"));
        assert!(err("synonyms:\n  - [*a]\n").contains("line 2"));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        for text in [
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("synonyms: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("{}1{}", "{a: ".repeat(100_000), "}".repeat(100_000)),
            (0..2000)
                .map(|i| format!("{}- x:\n", " ".repeat(i)))
                .collect(),
            format!(
                "synonyms:\n{}",
                (1..2000)
                    .map(|i| format!("{}-\n", " ".repeat(2 * i)))
                    .collect::<String>()
            ),
        ] {
            let e = err(&text);
            assert!(!e.is_empty());
        }
        let nested = format!("synonyms: {}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(
            err(&nested).contains("nested more than 32 levels"),
            "{}",
            err(&nested)
        );
    }

    #[test]
    fn too_many_values_and_too_many_bytes_are_refused() {
        let many = format!("synonyms:\n  - [{}]\n", vec!["a"; MAX_NODES + 10].join(","));
        assert!(err(&many).contains("YAML values"), "{}", err(&many));
        let big = "#".repeat(MAX_CATALOG_BYTES + 1);
        assert!(err(&big).contains("byte limit"));
    }

    #[test]
    fn messages_carry_one_location() {
        let e = parse("catalog: [\n").unwrap_err();
        assert!(e.line.is_some());
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)))]

        /// Arbitrary text never panics the parser or the checks after it.
        #[test]
        fn arbitrary_text_is_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(file) = parse(&text) {
                let _ = super::super::digest::digest(file, &text);
            }
        }

        /// Text shaped like YAML (brackets, anchors, indentation) never panics either.
        #[test]
        fn yaml_shaped_text_is_ok_or_err(text in "([-:&*\\[\\]{}, \\n]|[a-z]{1,4}|  ){0,400}") {
            if let Ok(file) = parse(&text) {
                let _ = super::super::digest::digest(file, &text);
            }
        }

        /// Cutting the real catalog anywhere gives a result, never a panic.
        #[test]
        fn truncated_catalogs_are_ok_or_err(cut in 0..GOOD.len()) {
            let mut cut = cut;
            while !GOOD.is_char_boundary(cut) {
                cut -= 1;
            }
            let text = &GOOD[..cut];
            if let Ok(file) = parse(text) {
                let _ = super::super::digest::digest(file, text);
            }
        }
    }
}

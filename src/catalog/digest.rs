//! Turn the catalog's file form into its digested form, checking everything a parser cannot:
//! duplicate ids, dangling references, empty titles, unsafe ids, unknown prerequisites.
//!
//! Shared with `build.rs` (the embedded catalog is checked at build time), so it uses only
//! `std` and the types of `model.rs`.

use super::model::{
    Beyond, Catalog, CatalogFile, Item, ItemFile, List, Renamed, Rule, Section, SourceRef, Text,
    When,
};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Upper bound on ids and titles: long enough for any real catalog, short enough for a table.
const MAX_ID_LEN: usize = 64;
const MAX_TITLE_LEN: usize = 200;
/// Children nest at most this deep (the source never goes past three levels).
const MAX_ITEM_DEPTH: u8 = 8;

/// One thing wrong with a catalog, with the line it is on when the text shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Checks `file` and flattens it. `text` is the YAML it was read from, used to point at lines.
pub fn digest(file: CatalogFile, text: &str) -> Result<Catalog, Vec<Problem>> {
    let mut d = Digester {
        text,
        problems: Vec::new(),
        ids: HashMap::new(),
    };
    let catalog = d.run(file);
    if d.problems.is_empty() {
        Ok(catalog)
    } else {
        Err(d.problems)
    }
}

struct Digester<'t> {
    text: &'t str,
    problems: Vec<Problem>,
    /// Every id and alias seen so far, with what it named.
    ids: HashMap<String, String>,
}

impl Digester<'_> {
    fn problem(&mut self, needle: &str, message: String) {
        let line = locate(self.text, needle);
        self.problems.push(Problem {
            line,
            column: None,
            message,
        });
    }

    fn check_id(&mut self, kind: &str, id: &str) {
        if let Some(why) = id_problem(id) {
            self.problem(id, format!("{kind} id {id:?} {why}"));
        }
    }

    fn claim(&mut self, kind: &str, id: &str) {
        self.check_id(kind, id);
        if let Some(first) = self.ids.get(id) {
            let message = format!("duplicate id {id:?}: {first} already uses it");
            let line = locate_nth(self.text, id, 2).or_else(|| locate(self.text, id));
            self.problems.push(Problem {
                line,
                column: None,
                message,
            });
        } else {
            self.ids.insert(id.to_owned(), format!("{kind} {id}"));
        }
    }

    fn run(&mut self, file: CatalogFile) -> Catalog {
        let CatalogFile {
            catalog: header,
            phases,
            prerequisites,
            synonyms,
            renamed,
            beyond,
            sections,
            items,
            rules,
        } = file;

        if header.id.trim().is_empty() {
            self.problem("catalog:", "catalog id is empty".into());
        }
        if header.version.trim().is_empty() {
            self.problem("version:", "catalog version is empty".into());
        }
        let sources: HashSet<&str> = header.sources.iter().map(|s| s.id.as_str()).collect();
        for s in &header.sources {
            self.check_source_doc(s);
        }
        let renamed = self.check_renamed(renamed);
        let beyond = self.check_beyond(beyond);
        if phases.is_empty() {
            self.problem("phases:", "the catalog has no phases".into());
        }
        let mut phase_ids = HashSet::new();
        for p in &phases {
            self.check_id("phase", &p.id);
            if !phase_ids.insert(p.id.clone()) {
                self.problem(&p.id, format!("duplicate phase id {:?}", p.id));
            }
            if p.name.trim().is_empty() {
                self.problem(&p.id, format!("phase {} has an empty name", p.id));
            }
        }
        let mut prereq_ids = HashSet::new();
        for p in &prerequisites {
            self.check_id("prerequisite", &p.id);
            if !prereq_ids.insert(p.id.clone()) {
                self.problem(&p.id, format!("duplicate prerequisite id {:?}", p.id));
            }
        }

        let mut section_map: HashMap<Text, Section> = HashMap::new();
        let mut digested_sections = Vec::new();
        for s in sections {
            self.check_id("section", &s.id);
            if !phase_ids.contains(&s.phase) {
                self.problem(
                    &s.id,
                    format!("section {} names unknown phase {:?}", s.id, s.phase),
                );
            }
            self.check_source(&sources, &s.source, &format!("section {}", s.id));
            self.check_when(&prereq_ids, &s.when, &format!("section {}", s.id));
            let section = Section {
                id: s.id.clone(),
                phase: s.phase,
                name: s.name,
                owner: s.owner,
                when: s.when,
                source: s.source,
            };
            if section_map.insert(s.id.clone(), section.clone()).is_some() {
                self.problem(&s.id, format!("duplicate section id {:?}", s.id));
            } else {
                digested_sections.push(section);
            }
        }

        let mut flat = Vec::new();
        for item in items {
            self.flatten(item, None, &section_map, &sources, &prereq_ids, &mut flat);
        }
        // Items appear grouped by phase in catalog order; keep the file's order within a phase.
        let phase_rank: HashMap<&str, usize> = phases
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        flat.sort_by_key(|i: &Item| {
            phase_rank
                .get(i.phase.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });

        let item_ids: HashSet<&str> = flat.iter().map(|i| i.id.as_str()).collect();
        let mut digested_rules = Vec::new();
        for r in rules {
            self.claim("rule", &r.id);
            for alias in &r.aliases {
                self.claim("alias of rule", alias);
            }
            if r.title.trim().is_empty() {
                self.problem(&r.id, format!("rule {} has an empty title", r.id));
            }
            if r.statement.trim().is_empty() {
                self.problem(&r.id, format!("rule {} has an empty statement", r.id));
            }
            for target in r.excludes.iter().chain(&r.items) {
                if !item_ids.contains(target.as_str()) {
                    self.problem(
                        target,
                        format!("rule {} refers to unknown item {target:?}", r.id),
                    );
                }
            }
            self.check_source(&sources, &r.source, &format!("rule {}", r.id));
            self.check_when(&prereq_ids, &r.when, &format!("rule {}", r.id));
            digested_rules.push(Rule {
                id: r.id,
                verdict: r.verdict,
                title: r.title,
                statement: r.statement,
                condition: r.condition,
                when: r.when,
                excludes: r.excludes,
                items: r.items,
                keywords: lower(&r.keywords),
                aliases: r.aliases,
                section: r.source.heading.clone(),
                source: r.source,
            });
        }

        Catalog {
            header,
            phases,
            prerequisites,
            synonyms: synonyms.iter().map(|group| lower(group)).collect(),
            renamed,
            beyond,
            sections: digested_sections.into(),
            items: flat.into(),
            rules: digested_rules.into(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn flatten(
        &mut self,
        item: ItemFile,
        parent: Option<&Item>,
        sections: &HashMap<Text, Section>,
        sources: &HashSet<&str>,
        prereqs: &HashSet<Text>,
        out: &mut Vec<Item>,
    ) {
        self.claim("item", &item.id);
        for alias in &item.aliases {
            self.claim(&format!("alias of item {}", item.id), alias);
        }
        if item.title.trim().is_empty() {
            self.problem(&item.id, format!("item {} has an empty title", item.id));
        } else if item.title.chars().count() > MAX_TITLE_LEN {
            self.problem(
                &item.id,
                format!(
                    "item {} has a title over {MAX_TITLE_LEN} characters",
                    item.id
                ),
            );
        }
        let section_id = match (&item.section, parent) {
            (Some(s), _) => s.clone(),
            (None, Some(p)) => p.section.clone(),
            (None, None) => {
                self.problem(&item.id, format!("item {} has no section", item.id));
                Text::default()
            }
        };
        let section = sections.get(&section_id);
        if section.is_none() && !section_id.is_empty() {
            self.problem(
                &item.id,
                format!("item {} names unknown section {section_id:?}", item.id),
            );
        }
        self.check_when(prereqs, &item.when, &format!("item {}", item.id));
        if let Some(src) = &item.source {
            self.check_source(sources, src, &format!("item {}", item.id));
        }
        let inherited = match parent {
            Some(p) => p.when.clone(),
            None => section.map(|s| s.when.clone()).unwrap_or_default(),
        };
        let depth = parent.map_or(0, |p| p.depth + 1);
        if depth > MAX_ITEM_DEPTH {
            self.problem(
                &item.id,
                format!("item {} nests deeper than {MAX_ITEM_DEPTH} levels", item.id),
            );
            return;
        }
        let digested = Item {
            id: item.id.clone(),
            phase: section.map(|s| s.phase.clone()).unwrap_or_default(),
            section: section_id,
            title: item.title,
            detail: item.detail,
            owner: item
                .owner
                .or(parent.map(|p| p.owner))
                .or(section.map(|s| s.owner))
                .unwrap_or(super::model::Owner::Fasttrack),
            when: inherited.and(&item.when),
            optional: item
                .optional
                .or_else(|| parent.and_then(|p| p.optional.clone())),
            joint: item.joint,
            keywords: lower(&item.keywords),
            aliases: item.aliases,
            source: item
                .source
                .or_else(|| parent.map(|p| p.source.clone()))
                .or_else(|| section.map(|s| s.source.clone()))
                .unwrap_or(SourceRef {
                    doc: Text::default(),
                    heading: Text::default(),
                }),
            parent: parent.map(|p| p.id.clone()),
            depth,
        };
        let children = item.children;
        out.push(digested.clone());
        for child in children {
            self.flatten(child, Some(&digested), sections, sources, prereqs, out);
        }
    }

    fn check_source(&mut self, sources: &HashSet<&str>, src: &SourceRef, what: &str) {
        if !sources.contains(src.doc.as_str()) {
            self.problem(
                &src.doc,
                format!("{what} cites unknown source document {:?}", src.doc),
            );
        }
    }

    /// A source's date is ISO (`2018-12-04`), its address `https://`, and its repository
    /// reference comes with a path.
    fn check_source_doc(&mut self, s: &super::model::Source) {
        if let Some(date) = &s.date {
            let b = date.as_bytes();
            let iso = b.len() == 10
                && b.iter().enumerate().all(|(i, c)| match i {
                    4 | 7 => *c == b'-',
                    _ => c.is_ascii_digit(),
                });
            if !iso {
                self.problem(
                    date,
                    format!("source {} has date {date:?}; write it as YYYY-MM-DD", s.id),
                );
            }
        }
        if let Some(url) = &s.url
            && (!url.starts_with("https://")
                || url.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            self.problem(
                url,
                format!(
                    "source {} has url {url:?}; give a https:// address without spaces",
                    s.id
                ),
            );
        }
        if s.repo.is_some() != s.repo_path.is_some() {
            self.problem(
                &s.id,
                format!(
                    "source {} gives one of repo and repo_path; give both or neither",
                    s.id
                ),
            );
        }
    }

    /// Old names are unique and both names are given; the longest old name comes first, so
    /// "Azure AD Connect" is found before "Azure AD".
    fn check_renamed(&mut self, renamed: List<Renamed>) -> List<Renamed> {
        let mut seen = HashSet::new();
        for r in &renamed {
            if r.old.trim().is_empty() || r.now.trim().is_empty() {
                self.problem(
                    "renamed:",
                    "a renamed entry has an empty old or now name".into(),
                );
            } else if !seen.insert(r.old.as_str()) {
                self.problem(&r.old, format!("renamed lists {:?} twice", r.old));
            }
        }
        let mut sorted = renamed.to_vec();
        sorted.sort_by_key(|r| std::cmp::Reverse(r.old.chars().count()));
        sorted.into()
    }

    /// Each neighbouring topic has a unique id, a name and at least one phrase; phrases are
    /// kept in lower case, as keywords are.
    fn check_beyond(&mut self, beyond: List<Beyond>) -> List<Beyond> {
        let mut out = Vec::with_capacity(beyond.len());
        for b in beyond.iter() {
            self.claim("beyond entry", &b.id);
            if b.name.trim().is_empty() {
                self.problem(&b.id, format!("beyond entry {} has an empty name", b.id));
            }
            if b.phrases.iter().all(|p| p.trim().is_empty()) {
                self.problem(&b.id, format!("beyond entry {} has no phrase", b.id));
            }
            out.push(Beyond {
                phrases: lower(&b.phrases),
                ..b.clone()
            });
        }
        out.into()
    }

    fn check_when(&mut self, prereqs: &HashSet<Text>, when: &When, what: &str) {
        for p in when.requires.iter().chain(&when.unless) {
            if !prereqs.contains(p) {
                self.problem(p, format!("{what} names unknown prerequisite {p:?}"));
            }
        }
    }
}

fn lower(words: &[Text]) -> List<Text> {
    words
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .map(Text::from)
        .collect()
}

/// Why `id` is not a usable id, if it is not: ids are typed by users, used in file names of
/// exports and shown in terminals, so they are short lower-case slugs.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("is empty");
    }
    if id.len() > MAX_ID_LEN {
        return Some("is longer than 64 characters");
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("must start with a lower-case letter");
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("may hold only a-z, 0-9, '.' and '-'");
    }
    None
}

/// The line (1-based) of `text` where `needle` is given as an id (`id: needle`), else the
/// first line that holds it at all.
fn locate(text: &str, needle: &str) -> Option<usize> {
    locate_nth(text, needle, 1).or_else(|| {
        if needle.is_empty() {
            return None;
        }
        text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
    })
}

/// The line (1-based) of the `n`th `id: needle` in `text`.
fn locate_nth(text: &str, needle: &str, n: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("id:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == needle)
        })
        .nth(n - 1)
        .map(|(i, _)| i + 1)
}

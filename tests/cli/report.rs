//! What the customer reads: assignee, due and next action dates read back from every export
//! (CSV, Markdown, the xlsx XML, HTML), the HTML report's headline, chart and needs, and the
//! report in headless Chromium: the DOM it parses, pages printed on A4 and Letter, and nothing
//! wider than the window at 400 and 1280 px.
//!
//! Chromium tests print a message and pass when /usr/bin/chromium (or pdfinfo, for pages) is
//! missing; CI installs both. `UPDATE_SNAPSHOTS=1 cargo test --test cli report` also rewrites
//! docs/img/report.png, the README's picture, from the test's Chromium.

use crate::export::{
    HOSTILE, check_html, column, csv_records, engagement, export, html_notes, unzip,
};
use crate::harness::Env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The README's engagement: Intune and Azure AD Premium, 114 applicable items, a few weeks of
/// history, assignees and dates (one overdue, one due far ahead), a blocked item, a checkpoint.
pub fn contoso() -> Env {
    let env = Env::new();
    env.run(&[
        "init",
        "--customer",
        "Contoso",
        "--services",
        "intune,aad-premium",
        "--forests",
        "single",
        "--identity",
        "federated",
        "--licenses",
        "800",
    ])
    .ok();
    let steps: [&[&str]; 9] = [
        &["done", "initiate.start", "-m", "kick-off held"],
        &[
            "done",
            "initiate.define-services",
            "customer.begin-onboarding",
        ],
        &["done", "customer.kickoff"],
        &["done", "assess.admin-overview", "assess.guidance"],
        &["start", "assess.guidance.infrastructure"],
        &[
            "block",
            "aadp-connect.connect-health",
            "-m",
            "waiting for the proxy change\n- legal signs off first",
        ],
        &[
            "assign",
            "customer.service-config-planning",
            "--owner",
            "Ann Lee",
            "--due",
            "2020-01-15",
        ],
        &[
            "assign",
            "aadp-connect.connect-health",
            "--owner",
            "Raj Patel",
            "--due",
            "2099-01-20",
            "--next-action",
            "2099-01-10",
        ],
        &["done", "assess.guidance.clients"],
    ];
    for step in steps {
        env.run(step).ok();
    }
    spread_over_weeks(&env);
    env.run(&[
        "checkpoint",
        "-m",
        "weekly call",
        "--at",
        &days_ago(3).to_string(),
    ])
    .ok();
    env
}

fn days_ago(n: u64) -> chrono::NaiveDate {
    chrono::Utc::now().date_naive() - chrono::Days::new(n)
}

/// Moves the journal's times back so that its changes fall on different days (the header 24
/// days ago, then a change every 2 days), as a real engagement's would.
fn spread_over_weeks(env: &Env) {
    let lines = env.journal_lines();
    let mut out = String::new();
    for (n, line) in lines.iter().enumerate() {
        let key = if n == 0 {
            "\"created\":\""
        } else {
            "\"at\":\""
        };
        let start = line.find(key).expect("a time") + key.len();
        let end = start + line[start..].find('"').unwrap();
        let day = days_ago(24 - 2 * n as u64);
        out.push_str(&line[..start]);
        out.push_str(&format!("{day}T10:00:00.000000Z"));
        out.push_str(&line[end..]);
        out.push('\n');
    }
    env.write("fasttrack.jsonl", out);
}

#[test]
fn assignee_and_dates_reach_every_export() {
    let env = contoso();
    // CSV: its own columns, overdue marked, times in RFC 3339.
    let (header, rows) = csv_records(&export(&env, &["--format", "csv"]));
    let id = column(&header, "ID");
    let row = |want: &str| rows.iter().find(|r| r[id] == want).unwrap().clone();
    let late = row("customer.service-config-planning");
    assert_eq!(late[column(&header, "Assignee")], "Ann Lee");
    assert_eq!(late[column(&header, "Due date")], "2020-01-15");
    assert_eq!(late[column(&header, "Overdue")], "overdue");
    let ahead = row("aadp-connect.connect-health");
    assert_eq!(ahead[column(&header, "Next action")], "2099-01-10");
    assert_eq!(ahead[column(&header, "Overdue")], "");
    // The action plan fills the customer's columns from the assignment.
    let (header, rows) = csv_records(&export(&env, &["--format", "csv", "--open"]));
    let late = rows
        .iter()
        .find(|r| r[column(&header, "ID")] == "customer.service-config-planning")
        .unwrap();
    assert_eq!(late[column(&header, "Customer owner")], "Ann Lee");
    assert_eq!(late[column(&header, "Target date")], "2020-01-15");
    // Markdown, both views.
    let md = export(&env, &["--format", "markdown"]);
    let line = md
        .lines()
        .find(|l| l.contains("`customer.service-config-planning`"))
        .unwrap();
    assert!(
        line.contains("| Ann Lee | 2020-01-15 **overdue** |"),
        "{line}"
    );
    assert!(md.contains("| Assignee | Due | Next action |"), "{md}");
    let plan = export(&env, &["--format", "markdown", "--open"]);
    let line = plan
        .lines()
        .find(|l| l.contains("`aadp-connect.connect-health`"))
        .unwrap();
    assert!(line.contains("| Raj Patel | 2099-01-20 |  |"), "{line}");
    // HTML.
    let html = export(&env, &["--format", "html"]);
    assert!(html.contains("Ann Lee") && html.contains("2020-01-15"));
    assert!(html.contains("<span class=\"late\">overdue</span>"));
    assert!(html.contains("next <span class=\"day\">2099-01-10</span>"));
}

#[test]
fn xlsx_dates_are_excel_dates_with_a_date_format() {
    let env = contoso();
    env.run(&["export", "--format", "xlsx", "-o", "c.xlsx"])
        .ok();
    let files = unzip(&env.join("c.xlsx"));
    let sheet = &files["xl/worksheets/sheet2.xml"];
    let strings = &files["xl/sharedStrings.xml"];
    assert!(strings.contains("Ann Lee") && strings.contains("Due date"));
    // Dates are numbers (days since 1900), not strings: 2020-01-15 is 43845.
    assert!(sheet.contains("<v>43845</v>"), "due date as a serial");
    assert!(sheet.contains("<v>72695</v>"), "2099-01-10 as a serial");
    assert!(!strings.contains("2020-01-15"), "no date as text");
    // Last change times are numbers with a fraction of a day: 10:00 is .41666.
    assert!(sheet.contains(".41666"), "a time of day");
    let styles = &files["xl/styles.xml"];
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\""), "{styles}");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd hh:mm\""));
    // The summary says how many are overdue.
    assert!(strings.contains("Overdue"));
}

#[test]
fn html_report_leads_with_a_headline_a_chart_and_what_the_customer_owes() {
    let env = contoso();
    let html = export(&env, &["--format", "html"]);
    check_html(&html);
    let headline = &html[html.find("class=\"headline\"").unwrap()..];
    let headline = &headline[..headline.find("</dl>").unwrap()];
    // The figures are status's (the catalog decides how many apply).
    let status = env.run(&["status", "--json"]).ok().json();
    let overall = &status["overall"];
    let (applicable, total) = (
        overall["applicable"].as_u64().unwrap(),
        overall["total"].as_u64().unwrap(),
    );
    assert!(
        applicable >= 114,
        "the README's engagement has 114 or more applicable items"
    );
    let phase = status["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == status["current_phase"])
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    for fact in [
        format!("{}%", overall["percent"]),
        format!("7 of {applicable} applicable"),
        phase,
        "Blocked</dt><dd>1".to_owned(),
        "Overdue</dt><dd>1".to_owned(),
        "3 days ago".to_owned(),
    ] {
        assert!(headline.contains(&fact), "{fact} in {headline}");
    }
    let first_table = html.find("<table").unwrap();
    assert!(html.find("class=\"headline\"").unwrap() < first_table);
    // The chart: inline SVG, one point per day something changed, ending at today's level.
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(svg.contains("<polyline"), "{svg}");
    assert!(svg.contains(&days_ago(24).to_string()));
    // The needs: blocked first with its note, then the overdue item with its assignee.
    let needs = &html
        [html.find("What we need from you").unwrap()..html.find("section class=\"all\"").unwrap()];
    let blocked = needs.find("aadp-connect.connect-health").unwrap();
    let overdue = needs.find("customer.service-config-planning").unwrap();
    assert!(blocked < overdue);
    assert!(needs.contains("Raj Patel") && needs.contains("Ann Lee"));
    assert!(html_notes(needs)[0].starts_with("waiting for the proxy change\n- legal"));
    // The item table has the applicable items; the others sit apart with a reason and no
    // status badge.
    let all = &html
        [html.find("section class=\"all\"").unwrap()..html.find("section class=\"na\"").unwrap()];
    assert_eq!(all.matches("<td class=\"id\"").count() as u64, applicable);
    let na = &html[html.find("section class=\"na\"").unwrap()..];
    let others = total - applicable;
    assert!(na.contains("<details>"));
    assert!(na.contains(&format!("Not applicable to this profile ({others})")));
    assert_eq!(na.matches("<td class=\"id\"").count() as u64, others);
    assert!(
        !na.contains("class=\"status"),
        "a badge on an item that does not apply"
    );
    assert!(na.contains("co-management"), "the reason is shown");
    // The catalog's sources, with their addresses and the month they document.
    assert!(
        html.contains(", as documented by Microsoft, 2018-12"),
        "the date of the benefit"
    );
    let footer = &html[html.find("<footer>").unwrap()..];
    assert!(
        footer.contains("<span class=\"url\">https://learn.microsoft.com/"),
        "{footer}"
    );
    // Ids never break: no wrapping inside the id cells.
    assert!(html.contains(".id { font-family") && html.contains("white-space: nowrap; }"));
}

// ---------------------------------------------------------------------------------------------
// Chromium

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(env: &Env, url: &str, extra: &[&str]) -> String {
    let profile = env.join("chromium-profile");
    let out = Command::new("timeout")
        .arg("120")
        .arg(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn url(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn have_chromium(test: &str) -> bool {
    if cfg!(windows) {
        crate::harness::skip(
            test,
            "a Windows build has no Chromium to drive (under Wine /usr/bin/chromium is a Linux \
             program); the Linux run renders the same HTML",
        );
        return false;
    }
    let ok = Path::new(CHROMIUM).exists();
    if !ok {
        println!(
            "SKIP {test}: {CHROMIUM} is not installed (apt-get install -y chromium poppler-utils)"
        );
    }
    ok
}

#[test]
fn html_renders_in_chromium() {
    if !have_chromium("html_renders_in_chromium") {
        return;
    }
    let env = engagement();
    env.run(&["export", "--format", "html", "-o", "report.html"])
        .ok();
    // The browser's own parser: no element came from a note, the note is there as text.
    let dom = chromium(&env, &url(&env.join("report.html")), &["--dump-dom"]);
    assert!(dom.contains("<h1>Contoso</h1>"), "{dom}");
    assert!(!dom.contains("<script"), "a script element in the DOM");
    assert!(!dom.contains("<img"), "an img element in the DOM");
    assert!(html_notes(&dom).contains(&HOSTILE.replace("\r\n", "\n")));
}

/// Pages of a PDF, from poppler's pdfinfo.
fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {text}"))
}

/// A copy of the report that measures itself: the page's own policy forbids scripts, so the
/// copy drops it and adds one that lists every element wider than `width` px (the layout is
/// pinned to that width; headless windows are never narrower than 500 px). With `print`, the
/// print style sheet applies on screen, to measure the printed layout.
fn probe(env: &Env, html: &str, width: u32, print: bool) -> PathBuf {
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let script = r#"<script>
window.addEventListener('load', () => {
  const w = document.documentElement.getBoundingClientRect().width;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5))
      bad.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 40));
  }
  const p = document.createElement('pre');
  p.textContent = 'PROBE overflowing=' + bad.length + ' ' + bad.slice(0, 5).join(' | ') + ' END';
  document.body.appendChild(p);
});
</script>"#;
    let page = format!(
        "{}<style>html {{ width: {width}px; }}</style>{}",
        &html[..start],
        &html[end..]
    )
    .replace("</body>", &format!("{script}</body>"));
    let page = if print {
        page.replace("@media print {", "@media all {")
    } else {
        page
    };
    env.write(&format!("probe-{width}-{print}.html"), page)
}

#[test]
fn the_report_prints_on_five_pages_and_fits_a_phone() {
    if !have_chromium("the_report_prints_on_five_pages_and_fits_a_phone") {
        return;
    }
    let env = contoso();
    env.run(&["export", "--format", "html", "-o", "report.html"])
        .ok();
    let html = env.read("report.html");
    assert!(html.contains("@page { size: landscape;"));
    // Printed on Letter (the browser's default) and on A4: at most 5 pages, the summary first.
    let a4 = env.write(
        "report-a4.html",
        html.replace("@page { size: landscape;", "@page { size: A4 landscape;"),
    );
    let has_pdfinfo = Command::new("pdfinfo").arg("-v").output().is_ok();
    for (paper, page) in [("Letter", env.join("report.html")), ("A4", a4)] {
        let pdf = env.join(&format!("report-{paper}.pdf"));
        chromium(
            &env,
            &url(&page),
            &[
                &format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer",
            ],
        );
        assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000);
        if !has_pdfinfo {
            println!(
                "SKIP page count: pdfinfo is not installed (apt-get install -y poppler-utils)"
            );
            continue;
        }
        let n = pages(&pdf);
        assert!((2..=5).contains(&n), "{paper}: {n} pages");
        let first = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let first = String::from_utf8_lossy(&first.stdout);
        assert!(first.contains("What we need from you"), "{paper}: {first}");
        assert!(
            !first.contains("Applicable items ("),
            "{paper}: items on page 1"
        );
    }
    // Nothing wider than the window: a phone, a tablet, a laptop, and a landscape page's
    // printable width (Letter, 259 mm) in the print layout.
    for (width, print) in [(400, false), (800, false), (1280, false), (980, true)] {
        let page = probe(&env, &html, width, print);
        let dom = chromium(
            &env,
            &url(&page),
            &[
                "--dump-dom",
                &format!("--window-size={},2000", width.max(500)),
            ],
        );
        let report = &dom[dom.find("<pre>PROBE ").expect("the probe ran") + 5..];
        assert!(
            report.starts_with("PROBE overflowing=0 "),
            "at {width} px (print: {print}): {}",
            &report[..report.find(" END").unwrap()]
        );
    }
    // Screenshots to look at (and the README's picture).
    for (width, height) in [(1280, 1400), (400, 1600)] {
        let shot = env.join(&format!("report-{width}.png"));
        chromium(
            &env,
            &url(&env.join("report.html")),
            &[
                &format!("--screenshot={}", shot.display()),
                &format!("--window-size={width},{height}"),
            ],
        );
        let png = std::fs::read(&shot).expect("a screenshot");
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
        if width == 1280 && std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
            let dest = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img/report.png");
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, png).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The weekly summary

#[test]
fn summary_reports_the_week_since_the_last_checkpoint() {
    let env = contoso();
    let soon = (chrono::Local::now().date_naive() + chrono::Days::new(5)).to_string();
    env.run(&[
        "assign",
        "assess.guidance.identity",
        "--owner",
        "Li Wei",
        "--due",
        &soon,
    ])
    .ok();
    let text = env.run(&["summary"]).ok().stdout;
    let section = |name: &str| -> String {
        let start = text
            .find(name)
            .unwrap_or_else(|| panic!("no {name}:\n{text}"));
        let rest = &text[start..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_owned()
    };
    let status = env.run(&["status", "--json"]).ok().json();
    let progress = format!(
        "Contoso — FastTrack EMS onboarding update\nProgress: {}% done (7 of {} applicable items), phase ",
        status["overall"]["percent"], status["overall"]["applicable"]
    );
    assert!(text.starts_with(&progress), "{text}");
    // The checkpoint was 3 days ago: only the last done item is since then.
    let done = section("Done since");
    assert!(done.contains("(the last checkpoint) (1)"), "{done}");
    assert!(done.contains("assess.guidance.clients"), "{done}");
    let blocked = section("Blocked (1)");
    assert!(
        blocked.contains("aadp-connect.connect-health  Set up Azure AD Connect Health: waiting for the proxy change / - legal signs off first, Raj Patel"),
        "{blocked}"
    );
    assert!(
        section("Overdue (1)").contains("customer.service-config-planning  Help plan the online service configuration (due 2020-01-15, Ann Lee)")
    );
    assert!(section("Due in the next 14 days (1)").contains(&format!(
        "assess.guidance.identity  How users are identified and provisioned (due {soon}, Li Wei)"
    )));
    assert_eq!(section("Next").lines().count(), 6, "{text}");

    // A date widens the period; Markdown for an email; JSON with RFC 3339.
    let from = days_ago(30).to_string();
    let md = env
        .run(&["summary", "--since", &from, "--format", "markdown"])
        .ok()
        .stdout;
    assert!(md.starts_with("## Contoso — "), "{md}");
    assert!(md.contains(&format!("**Done since {from} (7)**")), "{md}");
    assert!(
        md.contains("- `customer.kickoff`  Attend the kickoff"),
        "{md}"
    );
    let doc = env.run(&["summary", "--json"]).ok().json();
    assert_eq!(doc["since_from"], "last-checkpoint");
    assert!(chrono::DateTime::parse_from_rfc3339(doc["since"].as_str().unwrap()).is_ok());
    assert_eq!(doc["overdue"][0]["assignee"], "Ann Lee");
    assert_eq!(doc["due_soon"][0]["due"], soon.as_str());
    assert_eq!(doc["done"].as_array().unwrap().len(), 1);
    env.run(&["summary", "--since", "last week"])
        .code(2)
        .stderr_has("expected YYYY-MM-DD");
}

#[test]
fn summary_without_a_checkpoint_covers_the_last_7_days() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    env.run(&["done", "intune.mdm-authority.set"]).ok();
    let text = env.run(&["summary"]).ok().stdout;
    assert!(text.contains("(the last 7 days) (1)"), "{text}");
    let doc = env.run(&["summary", "--json"]).ok().json();
    assert_eq!(doc["since_from"], "last-week");
}

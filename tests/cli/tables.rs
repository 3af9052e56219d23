//! Tables and text that fit the terminal: every view of an engagement with assignees, due
//! dates and a two-line note, run in a real terminal (tmux) at 80 and 200 columns, no line
//! wider than the terminal, no id, date or name split, kept as snapshots in
//! tests/snapshots/tmux/fit-*.txt.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test cli tables` rewrites them (read the diff first). The
//! `scope` snapshots take the scope command's output as it is; re-bless after changing it.

use crate::harness::Env;
use crate::native::{Tmux, has, normalise, snapshot, strip_sgr};

/// An engagement where items carry assignees, due dates (one overdue, one far ahead), a
/// next action date, a blocked item and a note over two lines.
fn assigned() -> Env {
    let env = Env::new();
    env.init(&[
        "--services",
        "intune,aad-premium",
        "--identity",
        "federated",
        "--licenses",
        "800",
    ]);
    let steps: [&[&str]; 7] = [
        &["done", "initiate.start", "initiate.define-services"],
        &["start", "assess.admin-overview"],
        &[
            "block",
            "assess.guidance",
            "-m",
            "- waiting on legal\nthe proxy change comes after sign-off",
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
            "assess.guidance",
            "--owner",
            "Raj Patel-Venkataraman",
            "--due",
            "2099-01-20",
            "--next-action",
            "2099-01-10",
        ],
        &[
            "assign",
            "assess.remediation-checklist",
            "--owner",
            "Li Wei",
            "--due",
            "2099-02-01",
        ],
        &[
            "note",
            "assess.admin-overview",
            "-m",
            "walkthrough booked for Tuesday with the customer's IT lead and the security team",
        ],
    ];
    for step in steps {
        env.run(step).ok();
    }
    env
}

/// Words that must come out whole at every width.
const WHOLE: [&str; 9] = [
    "customer.service-config-planning",
    "assess.remediation-checklist",
    "2020-01-15",
    "2099-01-20",
    "2099-02-01",
    "Ann Lee",
    "Li Wei",
    "Raj",
    "Patel-Venkataraman",
];

#[test]
fn every_view_fits_80_and_200_columns() {
    if !has("tmux") {
        eprintln!("skipped: tmux is not installed (CI installs it)");
        return;
    }
    let env = assigned();
    // A second engagement in a sub-folder with a long name, for the portfolio (nested on
    // purpose, so `--force`).
    let sub = env.join("clients-2026/northwind-pharmaceuticals-emea");
    std::fs::create_dir_all(&sub).unwrap();
    crate::harness::Cmd::new(&sub)
        .args([
            "init",
            "--force",
            "--customer",
            "Northwind Pharmaceuticals EMEA",
        ])
        .run()
        .ok();
    let views: [(&str, &[&str]); 10] = [
        ("items", &["items", "--phase", "assess"]),
        ("next", &["next", "-n", "8"]),
        ("status", &["status"]),
        ("portfolio", &["portfolio"]),
        ("log", &["log"]),
        ("show-item", &["show", "assess.guidance"]),
        ("show-rule", &["show", "adfs-multi-forest"]),
        (
            "scope",
            &["scope", "will you set up AD FS for our three forests?"],
        ),
        ("summary", &["summary", "--since", "2020-01-01"]),
        (
            "note-dash",
            &["note", "initiate.start", "-m", "- waiting on legal"],
        ),
    ];
    for width in [80u16, 200] {
        for (name, args) in views {
            // What a pipe gets: every column, nothing shortened.
            let full = env.run(args).ok().stdout;
            let command = std::iter::once("fasttrack".to_owned())
                .chain(args.iter().map(|a| format!("'{a}'")))
                .collect::<Vec<_>>()
                .join(" ");
            let tmux = Tmux::start(&env, width, &command);
            tmux.wait_for("[end]");
            let text = strip_sgr(&tmux.capture(true));
            let text = text.trim_end().trim_end_matches("[end]");
            // The scope command's text is the scope team's: its snapshot is kept, its width
            // is theirs to fit.
            if name != "scope" {
                for line in text.lines() {
                    assert!(
                        line.trim_end().chars().count() <= usize::from(width),
                        "{name} at {width}: a line is wider than the terminal:\n{line}\n\n{text}"
                    );
                }
            }
            assert!(
                !text.contains("\\n"),
                "{name}: a newline shown escaped:\n{text}"
            );
            // Ids, dates and names a pipe shows come out whole on the terminal too.
            for word in WHOLE {
                assert!(
                    !full.contains(word) || text.contains(word),
                    "{name} at {width}: {word} split or lost:\n{text}"
                );
            }
            match name {
                "items" => {
                    assert!(
                        text.contains("Ann Lee") && text.contains("2020-01-15"),
                        "{text}"
                    );
                    assert!(text.contains("- waiting on legal"), "{text}");
                }
                "status" => assert!(
                    text.contains("      - waiting on legal\n      the proxy change"),
                    "the note's second line, indented:\n{text}"
                ),
                "note-dash" => assert!(text.contains("noted: initiate.start"), "{text}"),
                _ => {}
            }
            if name != "note-dash" {
                snapshot(
                    &format!("fit-{name}-{width}.txt"),
                    &normalise(text, env.path()),
                );
            }
        }
    }
}

#[test]
fn a_note_that_starts_with_a_dash_is_a_note() {
    let env = Env::new();
    env.init(&["--services", "intune"]);
    env.run(&["block", "intune.mdm-authority", "-m", "- waiting on legal"])
        .ok();
    let doc = env
        .run(&["items", "--json", "--status", "blocked"])
        .ok()
        .json();
    assert_eq!(doc[0]["note"], "- waiting on legal");
    env.run(&["note", "intune.mdm-authority", "--note", "-x"])
        .ok();
    let log = env.run(&["log", "intune.mdm-authority"]).ok().stdout;
    assert!(log.contains("\"-x\""), "{log}");
}

#[test]
fn piped_tables_keep_every_column_and_notes_keep_their_lines() {
    let env = assigned();
    let out = env.run(&["items", "--phase", "assess"]).ok().stdout;
    let header = out.lines().next().unwrap();
    for col in ["phase", "owner", "assignee", "due", "note"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(out.contains("2099-01-20"), "{out}");
    assert!(!out.contains("\\n"), "{out}");
    let log = env.run(&["log", "assess.guidance"]).ok().stdout;
    assert!(
        log.contains("\"- waiting on legal\n") && !log.contains("\\n"),
        "{log}"
    );
}

//! The terminal: whether to colour, how wide, and how to show text that came from users
//! (notes, customer names) without letting it drive the terminal.

use std::borrow::Cow;
use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};

/// `--color`: auto (colour on a terminal, unless NO_COLOR or TERM=dumb), always, never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decides colour the way ripgrep and the NO_COLOR / CLICOLOR_FORCE conventions do:
/// an explicit flag wins, then NO_COLOR (off), then CLICOLOR_FORCE (on), then the terminal.
pub fn use_color(choice: ColorChoice, is_tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
            if set("NO_COLOR") {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                is_tty && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// A Windows console shows colour only once virtual-terminal processing is on for it (Windows
/// Terminal has it on; the classic console host does not). Elsewhere there is nothing to do.
fn console_takes_ansi() {
    #[cfg(windows)]
    let _ = anstyle_query::windows::enable_virtual_terminal_processing();
}

/// Standard output, locked once and buffered, with what we know about it.
pub struct Out {
    pub w: BufWriter<StdoutLock<'static>>,
    /// Colour may be written.
    pub color: bool,
    /// Standard output is a terminal (progress bars, table widths).
    pub tty: bool,
    /// The terminal's width in columns, when standard output is one.
    pub width: Option<usize>,
}

impl Out {
    pub fn new(choice: ColorChoice) -> Out {
        let stdout = io::stdout();
        let tty = stdout.is_terminal();
        let color = use_color(choice, tty);
        if color && tty {
            console_takes_ansi();
        }
        Out {
            w: BufWriter::new(stdout.lock()),
            color,
            tty,
            width: if tty { terminal_width() } else { None },
        }
    }

    /// `text` in `style` when colour is on.
    pub fn paint<'a>(&self, style: anstyle::Style, text: &'a str) -> Cow<'a, str> {
        if self.color {
            Cow::Owned(format!("{}{text}{}", style.render(), style.render_reset()))
        } else {
            Cow::Borrowed(text)
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

pub mod style {
    use anstyle::{AnsiColor, Style};
    pub const BOLD: Style = Style::new().bold();
    pub const DIM: Style = Style::new().dimmed();
    pub const GREEN: Style = AnsiColor::Green.on_default();
    pub const RED: Style = AnsiColor::Red.on_default();
    pub const YELLOW: Style = AnsiColor::Yellow.on_default();
    pub const CYAN: Style = AnsiColor::Cyan.on_default();
}

/// The width of the terminal on standard output (comfy-table already asks the terminal;
/// no other crate needed).
pub fn terminal_width() -> Option<usize> {
    comfy_table::Table::new()
        .width()
        .map(usize::from)
        .filter(|w| *w > 0)
}

/// `text` wrapped at word boundaries to `width` columns; lines after the first start with
/// `indent` spaces (the first line is assumed to follow `indent` columns of label). Without a
/// width (not a terminal) the text is left whole, so pipes and files get one line per field
/// (and one per line break in it, indented).
pub fn wrap(text: &str, width: Option<usize>, indent: usize) -> String {
    wrap_from(text, width, indent, indent)
}

/// Like `wrap`, for a line that starts at the left edge: only the lines after the first are
/// indented.
pub fn wrap_hanging(text: &str, width: Option<usize>, indent: usize) -> String {
    wrap_from(text, width, 0, indent)
}

fn wrap_from(text: &str, width: Option<usize>, first: usize, indent: usize) -> String {
    let Some(width) = width else {
        // No width: whole lines, but a line break in the text still lines up under the first.
        return text.replace('\n', &format!("\n{}", " ".repeat(indent)));
    };
    let room = width.saturating_sub(indent).max(20);
    let first_room = width.saturating_sub(first).max(20);
    let mut out = String::with_capacity(text.len() + 16);
    for (n, paragraph) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        }
        // Runs of spaces inside a line are kept (aligned columns); a break swallows them.
        let mut used = 0;
        let mut broke = false;
        let mut room = if n == 0 { first_room } else { room };
        for (i, word) in paragraph.split(' ').enumerate() {
            let len = word.chars().count();
            if i > 0 {
                if broke && len == 0 {
                    continue;
                }
                if used > 0 && len > 0 && used + 1 + len > room {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    used = 0;
                    broke = true;
                    room = width.saturating_sub(indent).max(20);
                } else {
                    out.push(' ');
                    used += 1;
                }
            }
            if len > 0 {
                broke = false;
            }
            out.push_str(word);
            used += len;
        }
    }
    out
}

/// Text from a user or a file, safe to print: control characters (escape sequences, carriage
/// returns, bells, newlines) are shown escaped instead of being sent to the terminal.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.extend(c.escape_unicode()),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like `clean`, but a line break stays a line break (CRLF and CR become LF): for notes shown
/// on lines of their own.
pub fn clean_lines(s: &str) -> String {
    if !s.chars().any(|c| c != '\n' && needs_escape(c)) {
        return s.to_owned(); // nothing to change: the common case, without five allocations
    }
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|line| clean(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A whole document (CSV, Markdown, HTML, JSON) for standard output: its line breaks and tabs
/// are kept, every other control character (C0, DEL, C1) is written as `\u001B`, so a note
/// holding `ESC [2J` cannot drive the terminal it is printed on. The escape is also a valid
/// JSON escape, where a raw control character could only sit inside a string. Files written
/// with `-o` are not changed. Bytes that are not UTF-8 pass unchanged (never a text export).
pub fn clean_document(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Cow::Borrowed(bytes);
    };
    if !has_hostile_byte(bytes) {
        return Cow::Borrowed(bytes);
    }
    let hostile = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out.into_bytes())
}

/// Whether UTF-8 `bytes` hold a control character other than a line break or a tab, by bytes:
/// C0 and DEL are single bytes, C1 (U+0080 to U+009F) is 0xC2 then 0x80 to 0x9F, and in valid
/// UTF-8 0xC2 only ever starts a character. Blocks without an early exit let the compiler test
/// many bytes at once: a 100 KB export took 1.6M instructions walking chars.
fn has_hostile_byte(bytes: &[u8]) -> bool {
    let hostile = |b: u8, next: u8| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
            || b == 0x7f
            || (b == 0xc2 && (0x80..=0x9f).contains(&next))
    };
    let Some(&last) = bytes.last() else {
        return false;
    };
    let (this, next) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    hostile(last, 0)
        || this.chunks(64).zip(next.chunks(64)).any(|(a, b)| {
            a.iter()
                .zip(b)
                .fold(false, |seen, (&a, &b)| seen | hostile(a, b))
        })
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A progress bar `width` cells wide.
pub fn bar(percent: f64, width: usize) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
    let mut s = "█".repeat(filled);
    s.push_str(&"░".repeat(width - filled));
    s
}

/// A journal time for people (`time::human`), escaped when it is not a time.
pub fn local_time(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(_) => crate::time::human(at),
        Err(_) => clean(at).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte scan finds a control character exactly when the chars hold one.
        #[test]
        fn the_byte_scan_agrees_with_the_chars(s in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{a0}]){0,6}") {
            let hostile = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
            proptest::prop_assert_eq!(has_hostile_byte(s.as_bytes()), s.chars().any(hostile));
        }
    }

    #[test]
    fn clean_document_escapes_control_characters_only() {
        let same = |s: &str| assert_eq!(clean_document(s.as_bytes()), s.as_bytes(), "{s:?}");
        same("plain,\"csv\"\r\n\ttabbed\n");
        same("caf\u{e9} \u{a9} \u{a0}non-breaking \u{20ac} \u{1f600}");
        let escaped =
            |s: &str| String::from_utf8(clean_document(s.as_bytes()).into_owned()).unwrap();
        assert_eq!(escaped("a\u{1b}[2Jb"), "a\\u001B[2Jb");
        assert_eq!(
            escaped("del\u{7f} c1\u{85} \u{a9}"),
            "del\\u007F c1\\u0085 \u{a9}"
        );
        let long = format!("{}\u{9b}", "x".repeat(200));
        assert!(escaped(&long).ends_with("x\\u009B"));
        assert_eq!(clean_document(b"\xff\x1b"), &b"\xff\x1b"[..]);
    }

    #[test]
    fn clean_lines_keeps_line_breaks_and_escapes_the_rest() {
        assert_eq!(clean_lines("kick-off held"), "kick-off held");
        assert_eq!(clean_lines("one\ntwo\n"), "one\ntwo\n");
        assert_eq!(clean_lines("one\r\ntwo\rthree"), "one\ntwo\nthree");
        assert_eq!(clean_lines("a\tb\n\u{1b}[2J"), "a\\tb\n\\u{1b}[2J");
        assert_eq!(
            clean_lines("right\u{202e}left\nok"),
            "right\\u{202e}left\nok"
        );
        assert_eq!(clean_lines(""), "");
    }

    #[test]
    fn clean_escapes_control_characters() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(clean("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(clean("bidi\u{202e}x"), "bidi\\u{202e}x");
    }

    #[test]
    fn wrap_breaks_at_words_with_a_hanging_indent() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(wrap(text, None, 4), text);
        let w = wrap(text, Some(30), 4);
        assert_eq!(
            w,
            "one two three four five\n    six seven eight nine ten\n    eleven twelve"
        );
        assert!(w.lines().all(|l| l.chars().count() <= 30));
        assert_eq!(wrap("  a  b", Some(30), 2), "  a  b");
        let h = wrap_hanging(text, Some(30), 4);
        assert_eq!(
            h,
            "one two three four five six\n    seven eight nine ten\n    eleven twelve"
        );
    }

    #[test]
    fn bar_is_proportional() {
        assert_eq!(bar(0.0, 4), "░░░░");
        assert_eq!(bar(50.0, 4), "██░░");
        assert_eq!(bar(100.0, 4), "████");
        assert_eq!(bar(250.0, 2), "██");
    }
}

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

/// Standard output, locked once and buffered, with what we know about it.
pub struct Out {
    pub w: BufWriter<StdoutLock<'static>>,
    /// Colour may be written.
    pub color: bool,
    /// Standard output is a terminal (progress bars, table widths).
    pub tty: bool,
}

impl Out {
    pub fn new(choice: ColorChoice) -> Out {
        let stdout = io::stdout();
        let tty = stdout.is_terminal();
        Out {
            w: BufWriter::new(stdout.lock()),
            color: use_color(choice, tty),
            tty,
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

/// A journal time (UTC, RFC 3339) in the user's local time, to the minute.
pub fn local_time(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => clean(at).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_escapes_control_characters() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(clean("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(clean("bidi\u{202e}x"), "bidi\\u{202e}x");
    }

    #[test]
    fn bar_is_proportional() {
        assert_eq!(bar(0.0, 4), "░░░░");
        assert_eq!(bar(50.0, 4), "██░░");
        assert_eq!(bar(100.0, 4), "████");
        assert_eq!(bar(250.0, 2), "██");
    }
}

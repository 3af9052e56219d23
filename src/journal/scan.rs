//! The fast path for reading a change line. The lines this tool writes are flat JSON objects
//! of plain strings (no escapes, no white space, `"forced":true` the one non-string), which can
//! be cut at their quotes without a general JSON parser: at 30,000 changes serde_json was three
//! quarters of `status`.
//!
//! Whatever else a line holds — an escape, white space, a number, an array, a null, a duplicate
//! or missing field, a control character — makes [`change`] answer `None`, and the reader hands
//! the line to serde_json instead. So every line reads exactly as serde_json reads it, errors
//! included; a property test below holds the two to that.

use super::format::{ChangeOf, Field};

/// The change on `line` (trimmed, without its newline), when the line has the plain shape.
pub fn change(line: &str) -> Option<ChangeOf<'_>> {
    let b = line.as_bytes();
    // Escapes and control characters (an error inside a JSON string) go to serde_json.
    // One pass without early exit, which the compiler vectorises.
    let awkward = b.iter().fold(false, |m, &c| m | (c < 0x20) | (c == b'\\'));
    if awkward || b.first() != Some(&b'{') {
        return None;
    }
    let mut head = Head {
        change: ChangeOf::default(),
        seen: 0,
        pos: 1,
        next: 0,
        end: false,
    };
    // The first fields, one call each, so that each call knows its field: most lines are read
    // whole here, and the loop below takes what follows them (or what they did not take).
    head.take::<0>(line);
    head.take::<1>(line);
    head.take::<2>(line);
    head.take::<3>(line);
    head.take::<4>(line);
    head.take::<5>(line);
    head.take::<6>(line);
    head.take::<7>(line);
    head.finish(line)?;
    Some(head.change)
}

/// What [`change`] has read of a line's first fields, in their declared order.
struct Head<'a> {
    change: ChangeOf<'a>,
    /// The fields read, one bit each ([`Field::bit`]).
    seen: u32,
    /// Where the next key starts.
    pos: usize,
    /// The first field (its index in [`Field::ALL`]) the next key may be, in declared order.
    next: usize,
    /// The closing brace was read: the line is whole.
    end: bool,
}

impl<'a> Head<'a> {
    /// Reads field `I` when its key, as the tool writes it, is next, with a plain string value
    /// and a `,` or the line's closing `}` after it; else leaves everything as it was, for the
    /// general loop. `I` is a constant, so that storing the value is one store, not a dispatch.
    #[inline(always)]
    fn take<const I: usize>(&mut self, line: &'a str) {
        let b = line.as_bytes();
        if self.end || self.next > I || !key_at(b, self.pos, I) {
            return;
        }
        let open = self.pos + KEY_PATTERNS[I].len;
        let Some((value, after)) = string(line, open) else {
            return;
        };
        let end = match b.get(after) {
            Some(b',') => false,
            Some(b'}') if after + 1 == b.len() => true,
            _ => return,
        };
        if !Field::ALL[I].set_plain(&mut self.change, value) {
            return;
        }
        self.seen |= Field::ALL[I].bit();
        self.pos = after + 1;
        self.next = I + 1;
        self.end = end;
    }

    /// Reads the rest of the line, field by field; `None` when the line has not the plain
    /// shape. (The change is left in place, not moved: it is 208 bytes.)
    fn finish(&mut self, line: &'a str) -> Option<()> {
        let b = line.as_bytes();
        while !self.end {
            let field = match known_key(b, self.pos, self.next) {
                Some(i) => {
                    self.pos += KEY_PATTERNS[i].len;
                    self.next = i + 1;
                    Some(Field::ALL[i])
                }
                // Another field, or one out of order: cut the key at its quotes and look it up.
                None => {
                    let (key, after) = string(line, self.pos)?;
                    self.pos = after;
                    if b.get(self.pos) != Some(&b':') {
                        return None;
                    }
                    self.pos += 1;
                    Field::of(key)
                }
            };
            if let Some(f) = field {
                if self.seen & f.bit() != 0 {
                    return None; // serde_json: "duplicate field"
                }
                self.seen |= f.bit();
            }
            match b.get(self.pos)? {
                b'"' => {
                    let (value, after) = string(line, self.pos)?;
                    self.pos = after;
                    if let Some(f) = field
                        && !f.set_plain(&mut self.change, value)
                    {
                        return None; // serde_json: "invalid type"
                    }
                }
                b't' | b'f' => {
                    let value = b[self.pos] == b't';
                    let word: &[u8] = if value { b"true" } else { b"false" };
                    if !b[self.pos..].starts_with(word) {
                        return None;
                    }
                    self.pos += word.len();
                    if let Some(f) = field
                        && !f.set_bool(&mut self.change, value)
                    {
                        return None; // serde_json: "invalid type"
                    }
                }
                _ => return None,
            }
            match b.get(self.pos)? {
                b',' => self.pos += 1,
                b'}' if self.pos + 1 == b.len() => break,
                _ => return None,
            }
        }
        if self.seen & ChangeOf::REQUIRED != ChangeOf::REQUIRED {
            return None; // serde_json: "missing field"
        }
        Some(())
    }
}

/// A field's key as the tool writes it (`"name":`), as bytes to compare sixteen at a time.
#[derive(Clone, Copy)]
struct KeyPattern {
    /// The key's bytes, the first lowest (little-endian), zero after them.
    word: u128,
    /// Ones over the key's bytes.
    mask: u128,
    len: usize,
}

const FIELDS: usize = Field::ALL.len();

/// [`Field::KEYS`] as patterns, in the fields' order (every key fits in sixteen bytes).
const KEY_PATTERNS: [KeyPattern; FIELDS] = {
    let mut out = [KeyPattern {
        word: 0,
        mask: 0,
        len: 0,
    }; FIELDS];
    let mut i = 0;
    while i < FIELDS {
        let key = Field::KEYS[i].as_bytes();
        assert!(key.len() <= 16, "a key longer than sixteen bytes");
        let mut j = 0;
        while j < key.len() {
            out[i].word |= (key[j] as u128) << (8 * j);
            out[i].mask |= 0xff << (8 * j);
            j += 1;
        }
        out[i].len = key.len();
        i += 1;
    }
    out
};

/// The field (its index in [`Field::ALL`], `from` or later) whose key, as the tool writes it,
/// starts at `pos`. One comparison of sixteen bytes per field tried, instead of cutting the
/// key at its quotes and matching the name: most lines name the fields in order, so the
/// first or second field tried is the one.
#[inline]
fn known_key(b: &[u8], pos: usize, from: usize) -> Option<usize> {
    let word = word_at(b, pos);
    (from..FIELDS).find(|&i| (word ^ KEY_PATTERNS[i].word) & KEY_PATTERNS[i].mask == 0)
}

/// Whether field `i`'s key, as the tool writes it, starts at `pos`.
#[inline]
fn key_at(b: &[u8], pos: usize, i: usize) -> bool {
    let k = &KEY_PATTERNS[i];
    (word_at(b, pos) ^ k.word) & k.mask == 0
}

/// The sixteen bytes at `pos`, the first lowest; zeros past the end of `b`, which no key's
/// bytes match.
#[inline]
fn word_at(b: &[u8], pos: usize) -> u128 {
    let rest = b.get(pos..).unwrap_or_default();
    match rest.first_chunk::<16>() {
        Some(chunk) => u128::from_le_bytes(*chunk),
        None => {
            let mut chunk = [0u8; 16];
            chunk[..rest.len()].copy_from_slice(rest);
            u128::from_le_bytes(chunk)
        }
    }
}

/// The string starting with the quote at `pos` (no escapes: the line has no backslash), and
/// the position after its closing quote.
#[inline]
fn string(line: &str, pos: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    if b.get(pos) != Some(&b'"') {
        return None;
    }
    let end = pos + 1 + find_quote(b.get(pos + 1..)?)?;
    Some((line.get(pos + 1..end)?, end + 1))
}

/// The first `"` in `b`, eight bytes at a time. Most strings here are shorter than memchr's
/// set-up, and a byte loop costs six instructions a byte: this was half of the fast path.
#[inline]
fn find_quote(b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let chunk: [u8; 8] = chunk.try_into().expect("chunks of eight");
        // A zero byte of `x` is a quote in the chunk. The lowest flagged byte is always a real
        // one (a borrow can only flag bytes above a real zero), and little-endian order puts
        // the first byte lowest.
        let x = u64::from_le_bytes(chunk) ^ QUOTES;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = chunks.remainder();
    rest.iter().position(|&c| c == b'"').map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Change, ChangeExtras};

    fn serde(line: &str) -> Option<ChangeOf<'_>> {
        serde_json::from_str(line).ok()
    }

    #[test]
    fn the_lines_the_tool_writes_take_the_fast_path() {
        let changes = [
            Change {
                id: "0123456789abcdef".into(),
                at: "2026-01-01T00:00:01.000000Z".into(),
                by: "Ann Example".into(),
                op: "block".into(),
                item: Some("aadp-connect.connect-health".into()),
                status: Some("blocked".into()),
                note: Some("waiting for the proxy change".into()),
                prev: Some(String::new().into()),
                forced: true,
                ..Change::default()
            },
            Change {
                id: "a".into(),
                at: "t".into(),
                by: "b".into(),
                op: "assign".into(),
                item: Some("i".into()),
                more: ChangeExtras {
                    assignee: Some("Bo".into()),
                    due: Some("2026-02-01".into()),
                    next_action: Some(String::new().into()),
                    ..ChangeExtras::default()
                }
                .boxed(),
                ..Change::default()
            },
            Change {
                id: "p".into(),
                at: "t".into(),
                by: "b".into(),
                op: "profile".into(),
                more: ChangeExtras {
                    key: Some("forests".into()),
                    value: Some("multiple".into()),
                    reverts: Some("q".into()),
                    held: Some("h".into()),
                    ..ChangeExtras::default()
                }
                .boxed(),
                ..Change::default()
            },
        ];
        for c in changes {
            let line = serde_json::to_string(&c).unwrap();
            assert_eq!(change(&line), Some(c), "{line}");
        }
    }

    #[test]
    fn quotes_are_found_wherever_they_are() {
        for len in 0..40 {
            for q in 0..len {
                let mut b = vec![b'a'; len];
                b[q] = b'"';
                if q + 1 < len {
                    b[q + 1] = b'"'; // a second quote right after never hides the first
                }
                assert_eq!(find_quote(&b), Some(q), "len {len}, quote at {q}");
                b[q] = 0xA2; // '"' + 0x80
                let next = (q + 1 < len).then_some(q + 1);
                assert_eq!(find_quote(&b), next, "len {len}, no quote at {q}");
            }
            assert_eq!(find_quote(&vec![b'!'; len]), None); // '"' - 1
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_json() {
        let base = r#""id":"a","at":"t","by":"b","op":"note""#;
        for line in [
            format!(r#"{{{base},"note":"a \"quoted\" word"}}"#), // escape
            format!(r#"{{ {base}}}"#),                           // white space
            format!(r#"{{{base},"note":null}}"#),
            format!(r#"{{{base},"attendees":["x"]}}"#),
            format!(r#"{{{base},"forced":"yes"}}"#),
            format!(r#"{{{base},"colour":1}}"#),
            format!(r#"{{{base},"id":"again"}}"#), // duplicate field
            format!(r#"{{{base},}}"#),
            format!(r#"{{{base}}}x"#),
            format!("{{{base},\"note\":\"tab\there\"}}"), // control character
            r#"{"id":"a","at":"t","by":"b"}"#.to_owned(), // missing op
            r#"{"id":"a","at":"t","by":"b","op":"note""#.to_owned(),
            "{}".to_owned(),
            String::new(),
        ] {
            assert_eq!(change(&line), None, "{line}");
        }
        // Unknown fields with plain values are ignored, as serde_json ignores them.
        let line = format!(r#"{{{base},"colour":"red","flag":false}}"#);
        assert_eq!(change(&line), serde(&line));
        assert!(change(&line).is_some());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A value as JSON text: mostly plain strings, sometimes anything else.
        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                6 => "[a-zA-Z0-9 .:_é-]{0,12}".prop_map(|s| format!("\"{s}\"")),
                1 => "[a-z\"\\\\/\t\u{1}]{0,6}".prop_map(|s| format!("\"{s}\"")),
                1 => r#"\\[\\\\"nu0-9A-F]{1,5}"#.prop_map(|s| format!("\"x{s}\"")),
                1 => prop_oneof![
                    Just("true".to_owned()),
                    Just("false".to_owned()),
                    Just("null".to_owned()),
                    Just("12".to_owned()),
                    Just("[\"x\",\"y\"]".to_owned()),
                    Just("[]".to_owned()),
                    Just("{}".to_owned()),
                    Just("tru".to_owned()),
                ],
            ]
        }

        /// A field name: every field of the format, and a few it does not have.
        fn key() -> impl Strategy<Value = &'static str> {
            let mut names = Field::NAMES.to_vec();
            names.extend(["colour", "", "ID"]);
            prop::sample::select(names)
        }

        /// The fields every line must have, by name.
        fn required() -> Vec<&'static str> {
            let names = Field::ALL.iter().zip(Field::NAMES);
            names
                .filter(|(f, _)| ChangeOf::REQUIRED & f.bit() != 0)
                .map(|(_, n)| *n)
                .collect()
        }

        /// The optional fields that hold a plain string (all but the flag and the lists).
        fn optional_strings() -> Vec<&'static str> {
            let names = Field::ALL.iter().zip(Field::NAMES);
            names
                .filter(|(f, _)| ChangeOf::REQUIRED & f.bit() == 0)
                .filter(|(f, _)| f.set_plain(&mut ChangeOf::default(), "x"))
                .map(|(_, n)| *n)
                .collect()
        }

        /// A line: the four required fields most of the time, then any fields, joined with
        /// the tool's separators or, now and then, with white space or a stray character.
        fn line() -> impl Strategy<Value = String> {
            let sep = prop_oneof![8 => Just(","), 1 => Just(" , "), 1 => Just(",,")];
            (
                any::<bool>(),
                prop::collection::vec((key(), value(), sep), 0..8),
                prop_oneof![8 => Just(""), 1 => Just(" "), 1 => Just("x")],
            )
                .prop_map(|(required, fields, tail)| {
                    let mut parts: Vec<String> = Vec::new();
                    if required {
                        for k in self::required() {
                            parts.push(format!("\"{k}\":\"v-{k}\""));
                        }
                    }
                    let mut text = String::from("{");
                    text.push_str(&parts.join(","));
                    for (i, (k, v, sep)) in fields.into_iter().enumerate() {
                        if i > 0 || required {
                            text.push_str(sep);
                        }
                        text.push_str(&format!("\"{k}\":{v}"));
                    }
                    text.push('}');
                    text.push_str(tail);
                    text
                })
        }

        /// A line of the tool's own shape: the required fields and some others, each once,
        /// with plain string values (and `forced` as a bool).
        fn plain_line() -> impl Strategy<Value = String> {
            let mut names = optional_strings();
            names.push("colour");
            let optional = prop::sample::subsequence(names.clone(), 0..=names.len());
            (
                optional,
                prop::collection::vec("[a-zA-Z0-9 .:_é/-]{0,12}", Field::ALL.len() + 1),
                any::<Option<bool>>(),
            )
                .prop_map(|(keys, values, forced)| {
                    let mut fields: Vec<String> = required()
                        .iter()
                        .chain(&keys)
                        .zip(&values)
                        .map(|(k, v)| format!("\"{k}\":\"{v}\""))
                        .collect();
                    if let Some(f) = forced {
                        fields.push(format!("\"forced\":{f}"));
                    }
                    format!("{{{}}}", fields.join(","))
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2048)))]

            /// Whatever the fast path reads, serde_json reads the same (so whatever serde_json
            /// refuses, the fast path leaves alone).
            #[test]
            fn agrees_with_serde_json(line in line()) {
                if let Some(fast) = change(&line) {
                    prop_assert_eq!(Some(fast), serde(&line), "{}", line);
                }
            }

            /// Lines of the tool's own shape never need serde_json.
            #[test]
            fn plain_lines_take_the_fast_path(line in plain_line()) {
                let fast = change(&line);
                prop_assert!(fast.is_some(), "{}", line);
                prop_assert_eq!(fast, serde(&line));
            }

            /// Arbitrary text never panics and never reads differently from serde_json.
            #[test]
            fn arbitrary_text_agrees(line in "[{}\":,a-z \\\\tfnul0-9\\[\\]]{0,40}") {
                if let Some(fast) = change(&line) {
                    prop_assert_eq!(Some(fast), serde(&line));
                }
            }
        }
    }
}

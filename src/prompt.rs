//! Questions asked one by one on a terminal (guided `init`): each shows its default in
//! brackets, a bad answer is explained and asked again, the end of input stops with a usage
//! error. Reader and writer are parameters, so the tests drive it without a terminal.

use crate::error::usage;
use anyhow::Result;
use std::io::{BufRead, Write};

pub struct Prompter<R, W> {
    input: R,
    output: W,
    /// Shown with a bad answer and at the end of input (the flags that do the same).
    pub hint: String,
    /// The terminal's width: long questions wrap at words instead of mid-word.
    pub width: Option<usize>,
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    pub fn new(input: R, output: W) -> Prompter<R, W> {
        Prompter {
            input,
            output,
            hint: String::new(),
            width: None,
        }
    }

    /// What was written so far (for tests).
    pub fn output_ref(&self) -> &W {
        &self.output
    }

    /// Asks until `parse` accepts the answer; an empty answer takes `default` (when given).
    pub fn ask<T>(
        &mut self,
        question: &str,
        default: Option<&str>,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T> {
        loop {
            let text = match default {
                Some(d) => format!("{question} [{d}]:"),
                None => format!("{question}:"),
            };
            write!(self.output, "{} ", crate::term::wrap(&text, self.width, 2))?;
            self.output.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                writeln!(self.output)?;
                return Err(usage(format!(
                    "init stopped: the input ended before every question was answered{}",
                    self.hint
                )));
            }
            let answer = line.trim();
            let result = match (answer.is_empty(), default) {
                (true, Some(d)) => parse(d),
                _ => parse(answer),
            };
            match result {
                Ok(v) => return Ok(v),
                Err(why) => writeln!(self.output, "  {why}")?,
            }
        }
    }

    /// A yes/no question.
    pub fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        let q = format!("{question} (y/n)");
        self.ask(&q, Some(yes_no(default)), |a| {
            match a.to_ascii_lowercase().as_str() {
                "y" | "yes" => Ok(true),
                "n" | "no" => Ok(false),
                _ => Err(format!(
                    "answer y or n (or press Enter for {})",
                    yes_no(default)
                )),
            }
        })
    }

    pub fn say(&mut self, text: &str) -> Result<()> {
        writeln!(self.output, "{text}")?;
        Ok(())
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompter(input: &str) -> Prompter<&[u8], Vec<u8>> {
        Prompter::new(input.as_bytes(), Vec::new())
    }

    #[test]
    fn empty_answer_takes_the_default_and_bad_ones_are_asked_again() {
        let mut p = prompter("\nthree\n2\n");
        let parse = |a: &str| {
            a.parse::<u32>()
                .map_err(|_| "a whole number, please".to_owned())
        };
        assert_eq!(p.ask("How many", Some("7"), parse).unwrap(), 7);
        assert_eq!(p.ask("How many", Some("7"), parse).unwrap(), 2);
        let shown = String::from_utf8(p.output).unwrap();
        assert_eq!(
            shown,
            "How many [7]: How many [7]:   a whole number, please\nHow many [7]: "
        );
    }

    #[test]
    fn confirm_reads_yes_no_and_default() {
        let mut p = prompter("\nYes\nmaybe\nn\n");
        assert!(!p.confirm("Has it", false).unwrap());
        assert!(p.confirm("Has it", false).unwrap());
        assert!(!p.confirm("Has it", true).unwrap());
        assert!(
            String::from_utf8(p.output)
                .unwrap()
                .contains("answer y or n")
        );
    }

    #[test]
    fn end_of_input_is_a_usage_error() {
        let mut p = prompter("");
        let e = p.ask("Customer", None, |a| Ok(a.to_owned())).unwrap_err();
        assert!(e.downcast_ref::<crate::error::Usage>().is_some());
    }
}

//! The values a flag offers: shown by shell completion (every shell's script reads them from
//! clap), taken from the built-in catalog (phases, prerequisites) or a fixed set (services,
//! forests, identity targets, profile keys). The flags still take any text: the command checks
//! it against the catalog in use (`--catalog` may swap in another), with its own error.

use crate::catalog::{Forests, Identity, Service, Text};
use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use std::borrow::Cow;
use std::ffi::OsStr;

/// A value parser that offers `values()` and accepts any string.
#[derive(Clone, Copy)]
pub struct Choices(pub fn() -> Vec<PossibleValue>);

impl TypedValueParser for Choices {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}

/// The built-in catalog's text lives as long as the program (clap's names are `&'static`).
fn fixed(t: &Text) -> &'static str {
    match &t.0 {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => Box::leak(s.clone().into_boxed_str()),
    }
}

/// The built-in catalog's phases.
pub fn phases() -> Vec<PossibleValue> {
    crate::catalog::embedded()
        .phases
        .iter()
        .map(|p| PossibleValue::new(fixed(&p.id)).help(fixed(&p.name)))
        .collect()
}

/// The phases, and `complete` for finished engagements (`portfolio --phase`).
pub fn engagement_phases() -> Vec<PossibleValue> {
    let mut out = phases();
    out.push(PossibleValue::new("complete").help("Every phase done"));
    out
}

/// The built-in catalog's prerequisites.
pub fn prerequisites() -> Vec<PossibleValue> {
    crate::catalog::embedded()
        .prerequisites
        .iter()
        .map(|p| PossibleValue::new(fixed(&p.id)).help(fixed(&p.name)))
        .collect()
}

pub fn services() -> Vec<PossibleValue> {
    Service::ALL
        .into_iter()
        .map(|s| PossibleValue::new(s.as_str()))
        .collect()
}

pub fn forests() -> Vec<PossibleValue> {
    Forests::ALL
        .into_iter()
        .map(|s| PossibleValue::new(s.as_str()))
        .collect()
}

pub fn identity() -> Vec<PossibleValue> {
    Identity::ALL
        .into_iter()
        .map(|s| PossibleValue::new(s.as_str()))
        .collect()
}

/// The keys `profile set` changes.
pub fn profile_keys() -> Vec<PossibleValue> {
    crate::profile::KEYS
        .into_iter()
        .map(PossibleValue::new)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: Vec<PossibleValue>) -> Vec<String> {
        v.iter().map(|p| p.get_name().to_owned()).collect()
    }

    #[test]
    fn phases_come_from_the_catalog() {
        let c = crate::catalog::embedded();
        let ids: Vec<String> = c.phases.iter().map(|p| p.id.to_string()).collect();
        assert_eq!(names(phases()), ids);
        assert_eq!(names(engagement_phases()).last().unwrap(), "complete");
    }

    #[test]
    fn any_text_passes_to_the_command() {
        let cmd = clap::Command::new("t");
        let v = Choices(phases)
            .parse_ref(&cmd, None, OsStr::new("my-own-phase"))
            .unwrap();
        assert_eq!(v, "my-own-phase");
    }
}

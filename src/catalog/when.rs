//! A scope condition in words, for `show` and the scope answers.

use super::{Forests, Service, When};

impl When {
    /// Conditions as a phrase that reads after "applies" or "holds": "with Intune
    /// onboarded, with more than one AD forest, when the customer has e5". Empty when the
    /// condition places nothing.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.services.is_empty() {
            let names: Vec<&str> = self.services.iter().map(|s| service_name(*s)).collect();
            parts.push(format!("with {} onboarded", either(&names)));
        }
        if let Some(f) = self.forests {
            parts.push(
                match f {
                    Forests::Single => "with a single AD forest",
                    Forests::Multiple => "with more than one AD forest",
                }
                .to_owned(),
            );
        }
        if !self.identity.is_empty() {
            let names: Vec<&str> = self.identity.iter().map(|s| s.as_str()).collect();
            parts.push(format!("with {} identity", either(&names)));
        }
        if !self.requires.is_empty() {
            let names: Vec<&str> = self.requires.iter().map(|s| s.as_ref()).collect();
            parts.push(format!("when the customer has {}", both(&names)));
        }
        if !self.unless.is_empty() {
            let names: Vec<&str> = self.unless.iter().map(|s| s.as_ref()).collect();
            parts.push(format!("unless the customer has {}", either(&names)));
        }
        if let Some(n) = self.min_licenses {
            parts.push(format!("with at least {n} licences"));
        }
        if let Some(n) = self.max_licenses {
            parts.push(format!("with fewer than {n} licences"));
        }
        parts.join(", ")
    }
}

/// A service as people write it.
fn service_name(s: Service) -> &'static str {
    match s {
        Service::Intune => "Intune",
        Service::AadPremium => "Azure AD Premium",
        Service::CoManagement => "co-management",
    }
}

/// "a", "a or b", "a, b or c".
fn either(names: &[&str]) -> String {
    list(names, "or")
}

/// "a", "a and b", "a, b and c".
fn both(names: &[&str]) -> String {
    list(names, "and")
}

fn list(names: &[&str], word: &str) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Identity;

    #[test]
    fn an_empty_condition_says_nothing() {
        assert_eq!(When::default().describe(), "");
    }

    #[test]
    fn conditions_read_as_a_sentence() {
        let w = When {
            services: vec![Service::Intune, Service::CoManagement].into(),
            forests: Some(Forests::Multiple),
            identity: vec![Identity::Managed, Identity::Federated].into(),
            requires: vec!["e5".into(), "hybrid-join".into()].into(),
            unless: vec!["sccm".into()].into(),
            min_licenses: Some(150),
            max_licenses: Some(500),
        };
        assert_eq!(
            w.describe(),
            "with Intune or co-management onboarded, with more than one AD forest, \
             with managed or federated identity, when the customer has e5 and hybrid-join, \
             unless the customer has sccm, with at least 150 licences, with fewer than 500 licences"
        );
    }

    #[test]
    fn a_single_forest_is_named() {
        let w = When {
            forests: Some(Forests::Single),
            ..When::default()
        };
        assert_eq!(w.describe(), "with a single AD forest");
    }
}

//! A scope condition in words, for `show` and the scope answers.

use super::When;

impl When {
    /// Conditions in words: "service intune; identity federated; needs e5".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.services.is_empty() {
            parts.push(format!(
                "service {}",
                self.services
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        if let Some(f) = self.forests {
            parts.push(format!("{} forest", f.as_str()));
        }
        if !self.identity.is_empty() {
            parts.push(format!(
                "identity {}",
                self.identity
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
        if !self.requires.is_empty() {
            parts.push(format!("has {}", self.requires.join(" and ")));
        }
        if !self.unless.is_empty() {
            parts.push(format!("has not {}", self.unless.join(" or ")));
        }
        if let Some(n) = self.min_licenses {
            parts.push(format!("at least {n} licences"));
        }
        if let Some(n) = self.max_licenses {
            parts.push(format!("fewer than {n} licences"));
        }
        parts.join("; ")
    }
}

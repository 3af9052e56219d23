//! The customer's profile: what decides which items of the catalog apply.

use crate::catalog::{Forests, Identity, Prerequisite, Service, When};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub services: Vec<Service>,
    pub forests: Forests,
    pub identity: Identity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licenses: Option<u32>,
    /// Ids of the catalog's prerequisites the customer has.
    #[serde(default)]
    pub prerequisites: Vec<String>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            services: Service::ALL.to_vec(),
            forests: Forests::Single,
            identity: Identity::Managed,
            licenses: None,
            prerequisites: Vec::new(),
        }
    }
}

/// The keys `fasttrack profile set` takes.
pub const KEYS: [&str; 6] = [
    "customer",
    "services",
    "forests",
    "identity",
    "licenses",
    "prerequisites",
];

impl Profile {
    /// The customer has this prerequisite (an id from the catalog's `prerequisites`).
    fn has(&self, prerequisite: &str) -> bool {
        self.prerequisites.iter().any(|p| p == prerequisite)
    }

    /// Why `when` does not hold for this profile, or `None` when it does. A licence bound is
    /// never held against a profile that does not say how many licences it has.
    pub fn unmet(&self, when: &When, prerequisites: &[Prerequisite]) -> Option<String> {
        if !when.services.is_empty() && !when.services.iter().any(|s| self.services.contains(s)) {
            let names: Vec<&str> = when.services.iter().map(|s| s.as_str()).collect();
            return Some(format!("service {} not in the profile", names.join(" or ")));
        }
        if let Some(f) = when.forests
            && f != self.forests
        {
            return Some(format!(
                "{} forest(s) only; the profile has {}",
                f.as_str(),
                self.forests.as_str()
            ));
        }
        if !when.identity.is_empty() && !when.identity.contains(&self.identity) {
            let names: Vec<&str> = when.identity.iter().map(|s| s.as_str()).collect();
            return Some(format!(
                "identity target {} only; the profile has {}",
                names.join(" or "),
                self.identity.as_str()
            ));
        }
        let name = |id: &str| {
            prerequisites
                .iter()
                .find(|p| p.id == id)
                .map_or_else(|| id.to_owned(), |p| p.name.to_string())
        };
        if let Some(missing) = when.requires.iter().find(|r| !self.has(r)) {
            return Some(format!("needs {} (prerequisite {missing})", name(missing)));
        }
        if let Some(present) = when.unless.iter().find(|r| self.has(r)) {
            return Some(format!(
                "not needed: the customer has {} (prerequisite {present})",
                name(present)
            ));
        }
        if let (Some(min), Some(have)) = (when.min_licenses, self.licenses)
            && have < min
        {
            return Some(format!(
                "needs at least {min} licences; the profile has {have}"
            ));
        }
        match (when.max_licenses, self.licenses) {
            (Some(max), Some(have)) if have >= max => Some(format!(
                "holds below {max} licences; the profile has {have}"
            )),
            (Some(_), None) => {
                Some("depends on the licence count, which the profile does not give".into())
            }
            _ => None,
        }
    }

    /// Parses a comma-separated service list ("intune,aad-premium").
    pub fn parse_services(value: &str) -> Result<Vec<Service>, String> {
        let mut out = Vec::new();
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let s = Service::parse(&part.to_ascii_lowercase()).ok_or_else(|| {
                format!("unknown service {part:?}: expected a comma-separated list of intune, aad-premium, co-management")
            })?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        if out.is_empty() {
            return Err("no service given: expected a comma-separated list of intune, aad-premium, co-management".into());
        }
        out.sort();
        Ok(out)
    }

    pub fn parse_forests(value: &str) -> Result<Forests, String> {
        Forests::parse(&value.trim().to_ascii_lowercase()).ok_or_else(|| {
            format!("unknown forest topology {value:?}: expected single or multiple")
        })
    }

    pub fn parse_identity(value: &str) -> Result<Identity, String> {
        Identity::parse(&value.trim().to_ascii_lowercase()).ok_or_else(|| {
            format!("unknown identity target {value:?}: expected cloud, managed or federated")
        })
    }

    pub fn parse_licenses(value: &str) -> Result<u32, String> {
        value.trim().parse::<u32>().map_err(|_| {
            format!("invalid licence count {value:?}: expected a whole number such as 500")
        })
    }

    /// Parses a comma-separated prerequisite list against the catalog's prerequisites.
    pub fn parse_prerequisites(value: &str, known: &[Prerequisite]) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let id = part.to_ascii_lowercase();
            if !known.iter().any(|p| p.id == id) {
                let ids: Vec<&str> = known.iter().map(|p| p.id.as_str()).collect();
                return Err(format!(
                    "unknown prerequisite {part:?}: expected some of {}",
                    ids.join(", ")
                ));
            }
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// One line: "intune, aad-premium · single forest · managed identity · 500 licences".
    pub fn summary(&self) -> String {
        let services: Vec<&str> = self.services.iter().map(|s| s.as_str()).collect();
        let mut s = format!(
            "{} · {} forest{} · {} identity",
            services.join(", "),
            self.forests.as_str(),
            if self.forests == Forests::Multiple {
                "s"
            } else {
                ""
            },
            self.identity.as_str()
        );
        if let Some(n) = self.licenses {
            s.push_str(&format!(" · {n} licences"));
        }
        if !self.prerequisites.is_empty() {
            s.push_str(&format!(" · has {}", self.prerequisites.join(", ")));
        }
        s
    }
}

/// Sets one profile key from its text form (shared by `profile set` and the replay).
pub fn set_key(
    profile: &mut Profile,
    customer: &mut String,
    key: &str,
    value: &str,
    prerequisites: &[crate::catalog::Prerequisite],
) -> Result<(), String> {
    match key {
        "customer" => {
            let v = value.trim();
            if v.is_empty() {
                return Err("the customer name is empty".into());
            }
            *customer = v.to_owned();
        }
        "services" => profile.services = Profile::parse_services(value)?,
        "forests" => profile.forests = Profile::parse_forests(value)?,
        "identity" => profile.identity = Profile::parse_identity(value)?,
        "licenses" | "licences" => profile.licenses = Some(Profile::parse_licenses(value)?),
        "prerequisites" => {
            profile.prerequisites = Profile::parse_prerequisites(value, prerequisites)?
        }
        other => {
            return Err(format!(
                "unknown profile key {other:?}: expected one of {}",
                crate::profile::KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_meets_empty_and_service_conditions() {
        let p = Profile::default();
        assert_eq!(p.unmet(&When::default(), &[]), None);
        let w = When {
            services: vec![Service::Intune].into(),
            ..When::default()
        };
        assert_eq!(p.unmet(&w, &[]), None);
    }

    #[test]
    fn each_condition_can_fail() {
        let p = Profile {
            services: vec![Service::Intune],
            licenses: Some(100),
            ..Profile::default()
        };
        let cases = [
            When {
                services: vec![Service::CoManagement].into(),
                ..When::default()
            },
            When {
                forests: Some(Forests::Multiple),
                ..When::default()
            },
            When {
                identity: vec![Identity::Federated].into(),
                ..When::default()
            },
            When {
                requires: vec!["e5".into()].into(),
                ..When::default()
            },
            When {
                min_licenses: Some(150),
                ..When::default()
            },
        ];
        for w in cases {
            assert!(p.unmet(&w, &[]).is_some(), "{w:?}");
        }
        let has = Profile {
            prerequisites: vec!["intune-existing".into()],
            ..Profile::default()
        };
        let w = When {
            unless: vec!["intune-existing".into()].into(),
            ..When::default()
        };
        assert!(has.unmet(&w, &[]).is_some());
        assert!(Profile::default().unmet(&w, &[]).is_none());
    }

    #[test]
    fn licence_bounds_and_unknown_counts() {
        let upper = When {
            max_licenses: Some(150),
            ..When::default()
        };
        let small = Profile {
            licenses: Some(149),
            ..Profile::default()
        };
        let large = Profile {
            licenses: Some(150),
            ..Profile::default()
        };
        assert!(small.unmet(&upper, &[]).is_none());
        assert!(large.unmet(&upper, &[]).is_some());
        assert!(Profile::default().unmet(&upper, &[]).is_some());
        let lower = When {
            min_licenses: Some(150),
            ..When::default()
        };
        assert!(Profile::default().unmet(&lower, &[]).is_none());
    }

    #[test]
    fn parses_lists() {
        assert_eq!(
            Profile::parse_services("co-management, intune,intune").unwrap(),
            vec![Service::Intune, Service::CoManagement]
        );
        assert!(Profile::parse_services("exchange").is_err());
        assert!(Profile::parse_services(" , ").is_err());
        assert!(Profile::parse_forests("three").is_err());
        assert_eq!(
            Profile::parse_identity("Federated").unwrap(),
            Identity::Federated
        );
        assert!(Profile::parse_licenses("-3").is_err());
    }
}

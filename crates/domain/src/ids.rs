//! Ids that say what they name. Every row id is a 64-bit integer in the
//! database; in the code a report's id is a `ReportId`, so a person's id
//! cannot be passed where a report's is meant. Each converts to and from
//! `i64` at the edges (SQL parameters, JSON, URLs) and prints as the number.

use serde::{Deserialize, Serialize};

/// Declares one id type; a macro because the seven impls are the same for
/// each and differ only in the name.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The number as stored.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    };
}

id_type!(
    /// An organisation: the boundary no person, page or query crosses.
    OrganisationId
);
id_type!(
    /// A report (random, so its id tells nothing of when it came).
    ReportId
);
id_type!(
    /// A person: anyone with an account (staff, managers, quality leads,
    /// the safety officer, administrators).
    PersonId
);
id_type!(
    /// A service: a care home, a supported-living scheme, a school.
    ServiceId
);
id_type!(
    /// A team or unit within a service.
    TeamId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_number_at_the_edges() {
        let id = ReportId(-4_611_686_018_427_387_904);
        assert_eq!(id.to_string(), "-4611686018427387904");
        assert_eq!("-4611686018427387904".parse::<ReportId>(), Ok(id));
        assert_eq!(serde_json::to_string(&PersonId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<ServiceId>("12").unwrap(), ServiceId(12));
        assert_eq!(i64::from(TeamId(3)), 3);
        assert!("x".parse::<TeamId>().is_err());
    }
}

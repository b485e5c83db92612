//! Closed lists of choices stored as text (kinds, grades, outcomes...).
//!
//! `text_choices!` gives each such enum the same `ALL` / `as_str` / `label` /
//! `parse` / `choices_text` so every list reads, writes and reports errors
//! the same way. Serde uses the stored text too, so JSON matches the database.

/// Declares an enum whose variants are stored as the given text keys.
macro_rules! text_choices {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
            /// The choices in words, for messages people read: `A, B or C`
            /// (labels, never stored values like `near_miss`).
            pub fn choices_words() -> String {
                let all: Vec<&str> = Self::ALL.iter().map(|c| c.label()).collect();
                match all.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
                    _ => all.join(""),
                }
            }

            /// The accepted stored values, `a, b or c` (for documents written
            /// for programs, such as the API's schema).
            pub fn choices_text() -> String {
                let all: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
                match all.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
                    _ => all.join(""),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_choices;

#[cfg(test)]
mod tests {
    text_choices!(
        /// A list to test the macro with.
        Fruit {
            Apple => "apple", "Apple";
            BloodOrange => "blood_orange", "Blood orange";
            Kiwi => "kiwi_fruit", "Kiwi";
        }
    );

    #[test]
    fn text_round_trips_through_parse_and_serde() {
        for fruit in Fruit::ALL {
            assert_eq!(Fruit::parse(fruit.as_str()), Some(*fruit));
            assert_eq!(toml::Value::try_from(fruit).unwrap().as_str(), Some(fruit.as_str()));
            assert_eq!(fruit.to_string(), fruit.as_str());
        }
        // Serde follows the stored text even where it is not the variant's snake case.
        assert_eq!(toml::Value::try_from(Fruit::Kiwi).unwrap().as_str(), Some("kiwi_fruit"));
        assert_eq!(Fruit::parse("Apple"), None);
    }

    #[test]
    fn choices_text_reads_as_a_list() {
        assert_eq!(Fruit::choices_text(), "apple, blood_orange or kiwi_fruit");
        assert_eq!(Fruit::choices_words(), "Apple, Blood orange or Kiwi");
        assert_eq!(Fruit::BloodOrange.label(), "Blood orange");
    }
}

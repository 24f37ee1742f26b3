//! The modifier registry: every CPT and HCPCS Level II modifier the tool
//! knows, with a short meaning. It is compiled in from `assets/modifiers.toml`.

use serde::{Deserialize, Serialize};

pub(crate) const BUILTIN: &str = include_str!("../assets/modifiers.toml");

/// Which code set a modifier belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModifierKind {
    /// Level I, numeric, maintained by the AMA.
    #[serde(rename = "CPT")]
    Cpt,
    /// Level II, alphanumeric, maintained by CMS.
    #[serde(rename = "HCPCS")]
    Hcpcs,
}

/// A modifier as the registry describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    pub code: String,
    pub kind: ModifierKind,
    pub meaning: String,
    /// Where the meaning was checked: source numbers of the project's fact
    /// sheet, or `BK` for background knowledge no checked source covers.
    pub source: String,
}

impl Modifier {
    /// Whether the meaning rests on background knowledge alone: it is then
    /// shown as unchecked.
    pub fn is_unchecked(&self) -> bool {
        self.source.split_whitespace().all(|source| source == "BK")
    }
}

/// A code the source publications give as a modifier that is none
/// (`11`), with what it is instead.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotModifier {
    pub code: String,
    /// What the code is, as a phrase: "place of service 11 (an office)".
    pub is: String,
    pub source: String,
}

impl NotModifier {
    /// Says what the code is, for a message: "11 is not a modifier: it is
    /// place of service 11 (an office)".
    pub fn explained(&self) -> String {
        format!("{} is not a modifier: it is {}", self.code, self.is)
    }
}

/// A place of service the content names by its number (`POS 24`), with
/// what kind of place it is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceOfService {
    pub code: String,
    /// The kind of place, as a phrase: "an ambulatory surgical center".
    pub place: String,
    pub source: String,
}

impl PlaceOfService {
    /// The kind of place, without its article: "ambulatory surgical
    /// center".
    pub fn kind(&self) -> &str {
        ["a ", "an "]
            .iter()
            .find_map(|article| self.place.strip_prefix(article))
            .unwrap_or(&self.place)
    }

    /// "place of service 24 (an ambulatory surgical center)".
    pub fn named(&self) -> String {
        format!("place of service {} ({})", self.code, self.place)
    }
}

/// Whether a number is below CPT's modifiers, which run from 22 to 99
/// (domain.md S11): `11` and `19` can only be places of service.
pub fn below_modifier_numbers(code: &str) -> bool {
    code.parse::<u32>().is_ok_and(|number| number < 22)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    modifiers: Vec<Modifier>,
    #[serde(default)]
    not_modifiers: Vec<NotModifier>,
    #[serde(default)]
    places_of_service: Vec<PlaceOfService>,
}

/// The known modifiers, looked up by code, and the codes mistaken for
/// modifiers.
#[derive(Debug, Clone)]
pub struct Registry {
    modifiers: Vec<Modifier>,
    not_modifiers: Vec<NotModifier>,
    places_of_service: Vec<PlaceOfService>,
}

impl Registry {
    /// The registry shipped in the binary. It is checked by a test, so a
    /// broken asset cannot reach a release.
    pub fn builtin() -> Registry {
        Registry::builtin_ref().clone()
    }

    /// The shipped registry, parsed once per process and borrowed: entries
    /// read from their files when first shown ask for it on every read.
    pub fn builtin_ref() -> &'static Registry {
        static PARSED: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
        PARSED.get_or_init(|| {
            Registry::from_toml(BUILTIN).expect("assets/modifiers.toml is valid (see its test)")
        })
    }

    pub fn from_toml(text: &str) -> Result<Registry, toml::de::Error> {
        let file: RegistryFile = toml::from_str(text)?;
        Ok(Registry {
            modifiers: file.modifiers,
            not_modifiers: file.not_modifiers,
            places_of_service: file.places_of_service,
        })
    }

    /// Looks a modifier up; codes are matched without regard to case, since
    /// coders type `rt` as often as `RT`.
    pub fn get(&self, code: &str) -> Option<&Modifier> {
        self.modifiers
            .iter()
            .find(|m| m.code.eq_ignore_ascii_case(code.trim()))
    }

    /// A code mistaken for a modifier (`11`), with what it is.
    pub fn not_a_modifier(&self, code: &str) -> Option<&NotModifier> {
        self.not_modifiers
            .iter()
            .find(|m| m.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The place of service numbered `code` (`24`), where the registry
    /// knows it.
    pub fn place_of_service(&self, code: &str) -> Option<&PlaceOfService> {
        self.places_of_service
            .iter()
            .find(|place| place.code == code.trim())
    }

    /// What a modifier table's row of `code`, a modifier the registry does
    /// not have, is said to be: what it is instead (`11`), or unknown. As
    /// `check` says it of an entry and of a publication.
    pub fn not_in_registry(&self, code: &str) -> String {
        match self.not_a_modifier(code) {
            Some(not) => format!("modifier `{code}` does not exist: {code} is {}", not.is),
            None => format!("modifier `{code}` is not in the modifier registry"),
        }
    }

    /// What to say of `code`, given as a claim line's modifier, when it is
    /// none the registry knows: what it is instead (`11`), or that it is
    /// not known; nothing for a modifier the registry has.
    pub fn not_known(&self, code: &str) -> Option<String> {
        if self.get(code).is_some() {
            return None;
        }
        Some(match self.not_a_modifier(code) {
            Some(not) => not.explained(),
            None => format!("{} is not a modifier cptref knows", code.trim()),
        })
    }

    /// `not_known` for a claim's modifier on an entry whose own table
    /// lists it (`listed`): a folder's content may use one the registry
    /// lacks, and the table is not to be contradicted.
    pub fn not_known_in(&self, code: &str, listed: bool) -> Option<String> {
        let said = self.not_known(code)?;
        Some(if listed && self.not_a_modifier(code).is_none() {
            format!(
                "{} is in its modifier table, but is not a modifier cptref knows",
                code.trim()
            )
        } else {
            said
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Modifier> {
        self.modifiers.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_has_the_modifiers_coders_need() {
        let registry = Registry::from_toml(BUILTIN).expect("assets/modifiers.toml parses");
        for code in [
            "22", "26", "50", "51", "52", "59", "TC", "LT", "RT", "XE", "XP", "XS", "XU", "GA",
            "GZ", "KX",
        ] {
            let modifier = registry
                .get(code)
                .unwrap_or_else(|| panic!("{code} missing"));
            assert!(!modifier.meaning.trim().is_empty(), "{code} has no meaning");
        }
        assert_eq!(
            registry.get("rt").map(|m| m.kind),
            Some(ModifierKind::Hcpcs)
        );
        assert_eq!(registry.get("50").map(|m| m.kind), Some(ModifierKind::Cpt));
    }

    #[test]
    fn every_meaning_names_its_source() {
        let registry = Registry::builtin();
        for modifier in registry.iter() {
            let sources: Vec<&str> = modifier.source.split_whitespace().collect();
            assert!(!sources.is_empty(), "{} names no source", modifier.code);
            for source in sources {
                let numbered = source
                    .strip_prefix('S')
                    .is_some_and(|n| n.parse::<u32>().is_ok());
                assert!(numbered || source == "BK", "{}: {source}", modifier.code);
            }
        }
        // None rests on background knowledge alone: no source backed the
        // meanings of 53 and 76–79, so they were taken out rather than
        // shown as unchecked. One that did would be shown so.
        let unchecked: Vec<&str> = registry
            .iter()
            .filter(|m| m.is_unchecked())
            .map(|m| m.code.as_str())
            .collect();
        assert!(unchecked.is_empty(), "{unchecked:?}");
        let background = Registry::from_toml(
            "[[modifiers]]\ncode = \"76\"\nkind = \"CPT\"\nmeaning = \"Repeated.\"\nsource = \"BK\"\n",
        )
        .unwrap();
        assert!(background.get("76").is_some_and(Modifier::is_unchecked));
    }

    #[test]
    fn eleven_is_not_a_modifier() {
        // The source publications list a modifier 11; it is a place-of-service
        // code, and the registry must not pretend otherwise.
        let registry = Registry::builtin();
        assert!(registry.get("11").is_none());
        assert_eq!(
            registry.not_a_modifier("11").map(NotModifier::explained),
            Some("11 is not a modifier: it is place of service 11 (an office)".to_owned())
        );
        assert!(registry.not_a_modifier("50").is_none());
    }

    #[test]
    fn places_of_service_are_those_the_content_names() {
        let registry = Registry::builtin();
        let named = |code: &str| registry.place_of_service(code).map(PlaceOfService::named);
        assert_eq!(
            named("11").as_deref(),
            Some("place of service 11 (an office)")
        );
        assert_eq!(
            named(" 24").as_deref(),
            Some("place of service 24 (an ambulatory surgical center)")
        );
        assert_eq!(
            named("19"),
            named("22").map(|said| said.replace("22", "19"))
        );
        assert!(registry.place_of_service("50").is_none());
        // What the not-a-modifier table says of 11 agrees with it.
        assert_eq!(
            registry.not_a_modifier("11").map(|not| not.is.clone()),
            named("11")
        );
        // Every number the built-in content gives as `POS n` is known.
        for (_, text) in crate::loader::BUILTIN_FILES {
            let mut rest = *text;
            while let Some(at) = rest.find("POS ") {
                rest = &rest[at + 4..];
                let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
                assert!(registry.place_of_service(&number).is_some(), "POS {number}");
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let registry = Registry::builtin();
        let mut codes: Vec<_> = registry.iter().map(|m| m.code.as_str()).collect();
        let total = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), total);
    }
}

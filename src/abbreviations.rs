//! The abbreviations coders search by (RFA, HOPD), with the words each
//! stands for. They are compiled in from `assets/abbreviations.toml`.

use serde::Deserialize;

pub(crate) const BUILTIN: &str = include_str!("../assets/abbreviations.toml");

/// An abbreviation and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    /// As coders write it: `RFA`.
    pub short: String,
    /// The words it stands for: `radiofrequency ablation`.
    pub means: String,
    /// Other ways those words are written (`ambulatory surgery center`).
    #[serde(default)]
    pub also: Vec<String>,
    /// Where it is used with that meaning: the fact sheet's source numbers,
    /// or `BK` for background knowledge.
    pub source: String,
}

/// At most this many meanings, `also` included: the search index follows
/// them all through each word of the text at once.
pub const MAX: usize = 16;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbreviationsFile {
    abbreviations: Vec<Abbreviation>,
}

/// The shipped abbreviations, parsed once per process. The asset is checked
/// by a test, so a broken one cannot reach a release.
pub fn builtin() -> &'static [Abbreviation] {
    static PARSED: std::sync::OnceLock<Vec<Abbreviation>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let file: AbbreviationsFile =
            toml::from_str(BUILTIN).expect("assets/abbreviations.toml is valid (see its test)");
        file.abbreviations
    })
}

/// The abbreviations, as coders write them (`RFA`), in the asset's order.
pub fn shorts() -> Vec<&'static str> {
    builtin().iter().map(|a| a.short.as_str()).collect()
}

/// What `word` stands for, when it is a whole abbreviation in any case
/// (`rfa`, `RFA`).
pub fn meaning_of(word: &str) -> Option<&'static str> {
    builtin()
        .iter()
        .find(|abbreviation| abbreviation.short.eq_ignore_ascii_case(word))
        .map(|abbreviation| abbreviation.means.as_str())
}

/// The abbreviation of `words` (`hospital outpatient department`), when
/// there is one.
pub fn short_for(words: &str) -> Option<&'static str> {
    builtin()
        .iter()
        .find(|abbreviation| abbreviation.means.eq_ignore_ascii_case(words))
        .map(|abbreviation| abbreviation.short.as_str())
}

impl Abbreviation {
    /// Its meaning and the other ways that is written.
    pub fn meanings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.means.as_str()).chain(self.also.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the built-in content files, lower-cased.
    fn builtin_words() -> Vec<String> {
        crate::loader::BUILTIN_FILES
            .iter()
            .flat_map(|(_, text)| text.split(|c: char| !c.is_alphanumeric()))
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn the_asset_parses_and_each_abbreviation_is_sourced_and_unique() {
        let file: AbbreviationsFile = toml::from_str(BUILTIN).expect("the asset parses");
        assert!(file.abbreviations.len() >= 5);
        let meanings: usize = file
            .abbreviations
            .iter()
            .map(|a| a.meanings().count())
            .sum();
        assert!(
            meanings <= MAX,
            "{meanings} meanings, more than the index follows"
        );
        let mut shorts = Vec::new();
        for abbreviation in &file.abbreviations {
            let short = &abbreviation.short;
            assert!(
                short.len() >= 2 && short.chars().all(|c| c.is_ascii_uppercase()),
                "{short}: two or more capitals"
            );
            // So that a word on its way to another is not taken for one: two
            // letters only where no word of the content starts with them.
            // SI is the exception: typed alone, a coder means the joint far
            // more often than the start of "single" or "side", and typing
            // on past it searches the longer word again.
            if short.len() == 2 && short != "SI" {
                let folded = short.to_ascii_lowercase();
                let starting = builtin_words()
                    .into_iter()
                    .filter(|word| word.starts_with(&folded) && *word != folded)
                    .collect::<Vec<_>>();
                assert!(starting.is_empty(), "{short} starts {starting:?}");
            }
            // A word or words (osteoarthritis; radiofrequency ablation),
            // none of them the abbreviation itself.
            assert!(
                abbreviation
                    .meanings()
                    .all(|meaning| meaning.split_whitespace().count() >= 1
                        && !meaning
                            .split_whitespace()
                            .any(|word| word.eq_ignore_ascii_case(short))),
                "{short} stands for words"
            );
            let source = abbreviation.source.trim();
            assert!(
                source.starts_with("domain.md S") || source == "BK",
                "{short}: {source}"
            );
            shorts.push(short.to_ascii_lowercase());
        }
        let total = shorts.len();
        shorts.sort_unstable();
        shorts.dedup();
        assert_eq!(shorts.len(), total, "an abbreviation is listed twice");
    }

    #[test]
    fn whole_abbreviations_are_known_in_any_case() {
        assert_eq!(meaning_of("rfa"), Some("radiofrequency ablation"));
        assert_eq!(meaning_of("HoPd"), Some("hospital outpatient department"));
        assert_eq!(meaning_of("rf"), None);
        assert_eq!(meaning_of("rfas"), None);
        // Ambiguous, so left out.
        assert_eq!(meaning_of("drg"), None);
    }
}

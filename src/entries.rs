//! The entries of a content set, in code order: held whole, or, when the
//! set came from the content cache, each made from the cache the first time
//! it is wanted, so a search over 100,000 cached entries makes only those
//! it shows.

use std::fmt;
use std::ops::Index;
use std::sync::{Arc, OnceLock};

use crate::loader::LoadedEntry;

/// Makes the entry at a position from where the set was kept.
pub(crate) type MakeEntry = Arc<dyn Fn(usize) -> LoadedEntry + Send + Sync>;

#[derive(Clone)]
pub struct Entries(Kind);

#[derive(Clone)]
enum Kind {
    Whole(Vec<LoadedEntry>),
    Kept {
        made: Vec<OnceLock<Box<LoadedEntry>>>,
        make: MakeEntry,
    },
}

impl Entries {
    /// `count` entries, each made by `make` when first wanted.
    pub(crate) fn kept(count: usize, make: MakeEntry) -> Entries {
        Entries(Kind::Kept {
            made: std::iter::repeat_with(OnceLock::new).take(count).collect(),
            make,
        })
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Kind::Whole(entries) => entries.len(),
            Kind::Kept { made, .. } => made.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&LoadedEntry> {
        match &self.0 {
            Kind::Whole(entries) => entries.get(i),
            Kind::Kept { made, make } => Some(made.get(i)?.get_or_init(|| Box::new(make(i)))),
        }
    }

    pub fn last(&self) -> Option<&LoadedEntry> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = &LoadedEntry> + ExactSizeIterator + Clone {
        (0..self.len()).map(move |i| &self[i])
    }

    /// As a sorted slice's: the entries are in code order.
    pub fn binary_search_by(
        &self,
        mut order: impl FnMut(&LoadedEntry) -> std::cmp::Ordering,
    ) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match order(&self[middle]) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }

    /// The entries, every one made, to change.
    pub fn whole_mut(&mut self) -> &mut Vec<LoadedEntry> {
        if let Kind::Kept { .. } = &self.0 {
            let whole = self.iter().cloned().collect();
            self.0 = Kind::Whole(whole);
        }
        match &mut self.0 {
            Kind::Whole(entries) => entries,
            Kind::Kept { .. } => unreachable!("made whole above"),
        }
    }

    pub fn truncate(&mut self, len: usize) {
        match &mut self.0 {
            Kind::Whole(entries) => entries.truncate(len),
            Kind::Kept { made, .. } => made.truncate(len),
        }
    }
}

impl From<Vec<LoadedEntry>> for Entries {
    fn from(entries: Vec<LoadedEntry>) -> Entries {
        Entries(Kind::Whole(entries))
    }
}

impl Index<usize> for Entries {
    type Output = LoadedEntry;

    fn index(&self, i: usize) -> &LoadedEntry {
        let len = self.len();
        self.get(i)
            .unwrap_or_else(|| panic!("entry {i} of {len} asked for"))
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = &'a LoadedEntry;
    type IntoIter = Box<dyn Iterator<Item = &'a LoadedEntry> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl fmt::Debug for Entries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn entry(code: &str) -> LoadedEntry {
        let entry = crate::model::Entry {
            code: code.to_owned(),
            title: format!("Title of {code}"),
            ..Default::default()
        };
        LoadedEntry::new(entry, format!("{code}.toml"))
    }

    /// Kept entries `64620`, `64622`, … and how many were made.
    fn kept(count: usize) -> (Entries, Arc<AtomicUsize>) {
        let made = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&made);
        let entries = Entries::kept(
            count,
            Arc::new(move |i| {
                counter.fetch_add(1, Ordering::Relaxed);
                entry(&(64620 + 2 * i).to_string())
            }),
        );
        (entries, made)
    }

    #[test]
    fn kept_entries_are_made_once_and_only_when_wanted() {
        let (entries, made) = kept(1000);
        assert_eq!(entries.len(), 1000);
        assert_eq!(made.load(Ordering::Relaxed), 0);
        assert_eq!(entries[3].code, "64626");
        assert_eq!(entries.get(3).unwrap().code, "64626");
        assert_eq!(made.load(Ordering::Relaxed), 1);
        assert!(entries.get(1000).is_none());
        assert_eq!(entries.last().unwrap().code, "66618");
        assert_eq!(made.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn a_search_by_code_makes_only_the_entries_it_looks_at() {
        let (entries, made) = kept(1000);
        let found = entries.binary_search_by(|loaded| loaded.code.as_str().cmp("65000"));
        assert_eq!(found, Ok(190));
        assert!(made.load(Ordering::Relaxed) <= 11);
        let missing = entries.binary_search_by(|loaded| loaded.code.as_str().cmp("64621"));
        assert_eq!(missing, Err(1));
        let whole: Vec<usize> = (0..1000).collect();
        let codes: Vec<String> = whole.iter().map(|i| (64620 + 2 * i).to_string()).collect();
        for (i, code) in codes.iter().enumerate() {
            assert_eq!(
                entries.binary_search_by(|l| l.code.as_str().cmp(code)),
                Ok(i)
            );
        }
    }

    #[test]
    fn kept_entries_made_whole_keep_their_order_and_can_change() {
        let (mut entries, _) = kept(5);
        let codes: Vec<String> = entries.iter().map(|l| l.code.clone()).collect();
        entries.whole_mut()[0].title = "Changed".into();
        assert_eq!(entries[0].title, "Changed");
        let after: Vec<String> = entries.iter().map(|l| l.code.clone()).collect();
        assert_eq!(codes, after);
        entries.truncate(2);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries.iter().next_back().unwrap().code, "64622");
    }
}

//! Which items a page shows, remembered. Finding the page of a filtered, ordered list
//! (walking an index, merging buckets, counting the total) was a fifth of what a list
//! request cost (benches/callgrind_lists.sh, issue 14), and a list asked again is almost
//! always unchanged. A list whose index is [`Stamped`](super::Stamped) (a new stamp at
//! every change to it) has its page index remembered under that stamp and the request's
//! own choices (filters, window): [`remembered`].
//!
//! A key must name everything the index reads; stamps are unique in the process, so a
//! key with one names one content of one index, in any world. Debug builds (every test)
//! compute the index afresh on each hit and panic when it differs. One store per process,
//! bounded in entries and emptied when full.

use std::sync::{Arc, LazyLock};

use crate::memo::Bounded;

/// How many page indexes are kept (each a few hundred bytes).
const CAPACITY: usize = 8192;

/// The total of the list and the positions of the page's items, in order.
pub(crate) type PageIndex = Arc<(usize, Vec<u32>)>;

/// Which list, its numbers, and a hash of its text (the text itself is kept beside the
/// index and compared on a hit: no string is built to look one up).
type Key = (&'static str, [u64; 8], u64);

static INDEXES: LazyLock<Bounded<Key, (Box<str>, PageIndex)>> = LazyLock::new(|| Bounded::new(CAPACITY, usize::MAX));

/// The page index `compute` finds, remembered under `list` (which list it is), `numbers`
/// (the stamps of what `compute` reads and the request's numeric choices, unused places
/// 0) and `text` (its textual choices, such as an id to filter by, joined unambiguously).
pub(crate) fn remembered(
    list: &'static str,
    numbers: [u64; 8],
    text: &str,
    compute: impl Fn() -> (usize, Vec<u32>),
) -> PageIndex {
    let key = (list, numbers, xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
    let found = INDEXES.find(&key, |(kept, index)| (**kept == *text).then(|| index.clone()));
    if let Some(found) = found {
        #[cfg(debug_assertions)]
        assert!(
            *found == compute(),
            "a remembered page index of {list} is stale: its key {numbers:?} {text:?} misses an input"
        );
        return found;
    }
    let index: PageIndex = Arc::new(compute());
    INDEXES.keep(key, (text.into(), index.clone()), 0);
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragments::Stamped;

    #[test]
    fn an_index_is_computed_again_when_its_stamp_or_a_choice_changes() {
        let mut list = Stamped::new(vec![3u32, 1, 2]);
        let calls = std::cell::Cell::new(0);
        let page = |list: &Stamped<Vec<u32>>, take: usize| {
            remembered("test list", [list.stamp(), take as u64, 0, 0, 0, 0, 0, 0], "", || {
                calls.set(calls.get() + 1);
                let mut sorted = list.to_vec();
                sorted.sort_unstable();
                (sorted.len(), sorted.into_iter().take(take).collect())
            })
        };
        assert_eq!(*page(&list, 2), (3, vec![1, 2]));
        let computed = calls.get();
        assert_eq!(*page(&list, 2), (3, vec![1, 2]));
        // Debug builds compute it again to check it; release builds do not.
        assert_eq!(calls.get(), if cfg!(debug_assertions) { computed + 1 } else { computed });
        assert_eq!(*page(&list, 1), (3, vec![1]));
        list.push(0);
        assert_eq!(*page(&list, 2), (4, vec![0, 1]));
        // Text choices: another text, another index.
        let with =
            |text: &str| remembered("test list", [list.stamp(), 0, 0, 0, 0, 0, 0, 0], text, || (text.len(), vec![]));
        assert_eq!((with("ab").0, with("abc").0, with("ab").0), (2, 3, 2));
    }
}

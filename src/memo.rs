//! What secmock remembers to answer faster (rendered fragments, whole pages, page
//! indexes, decoded parameters, response verdicts) is kept in a [`Bounded`] map: shared
//! by threads, bounded in entries and in bytes, and emptied when the next entry would go
//! over either bound. Everything kept can be computed again, so forgetting it all at once
//! costs a few misses and no bookkeeping per entry (no order to maintain on each hit).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

use parking_lot::Mutex;

/// A map bounded in entries and in the bytes its entries are said to take.
pub(crate) struct Bounded<K, V> {
    entries: usize,
    bytes: usize,
    kept: Mutex<Kept<K, V>>,
}

struct Kept<K, V> {
    bytes: usize,
    map: HashMap<K, V, foldhash::fast::FixedState>,
}

impl<K: Hash + Eq, V> Bounded<K, V> {
    /// At most `entries` entries and `bytes` bytes (`usize::MAX`: no bound of that kind).
    pub(crate) fn new(entries: usize, bytes: usize) -> Bounded<K, V> {
        Bounded {
            entries: entries.max(1),
            bytes,
            kept: Mutex::new(Kept { bytes: 0, map: HashMap::with_hasher(Default::default()) }),
        }
    }

    /// What `read` makes of the entry under `key`, if there is one.
    pub(crate) fn find<Q, R>(&self, key: &Q, read: impl FnOnce(&V) -> Option<R>) -> Option<R>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.kept.lock().map.get(key).and_then(read)
    }

    /// Keeps `value` under `key`, counted as `size` bytes. A full map is emptied first;
    /// an entry bigger than the byte bound is not kept.
    pub(crate) fn keep(&self, key: K, value: V, size: usize) {
        if size > self.bytes {
            return;
        }
        let mut kept = self.kept.lock();
        if kept.map.len() >= self.entries || kept.bytes.saturating_add(size) > self.bytes {
            kept.map.clear();
            kept.bytes = 0;
        }
        if kept.map.insert(key, value).is_none() {
            kept.bytes += size;
        }
    }

    /// How many entries are kept, and how many bytes they are said to take.
    #[cfg(test)]
    pub(crate) fn usage(&self) -> (usize, usize) {
        let kept = self.kept.lock();
        (kept.map.len(), kept.bytes)
    }
}

impl<K: Hash + Eq, V: Clone> Bounded<K, V> {
    /// A clone of the entry under `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key, |v| Some(v.clone()))
    }
}

impl<K, V> std::fmt::Debug for Bounded<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bounded").field("entries", &self.entries).field("bytes", &self.bytes).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn a_full_map_is_emptied_before_the_next_entry_and_an_oversized_one_is_not_kept() {
        let by_entries: Bounded<u32, u32> = Bounded::new(3, usize::MAX);
        (0..3).for_each(|i| by_entries.keep(i, i, 0));
        assert_eq!((by_entries.get(&2), by_entries.usage()), (Some(2), (3, 0)));
        by_entries.keep(3, 3, 0);
        assert_eq!((by_entries.get(&0), by_entries.get(&3), by_entries.usage()), (None, Some(3), (1, 0)));

        let by_bytes: Bounded<u32, u32> = Bounded::new(usize::MAX, 100);
        by_bytes.keep(0, 0, 60);
        by_bytes.keep(0, 0, 60);
        assert_eq!(by_bytes.usage(), (1, 60), "a key kept again is counted once");
        by_bytes.keep(1, 1, 50);
        assert_eq!((by_bytes.get(&0), by_bytes.usage()), (None, (1, 50)));
        by_bytes.keep(2, 2, 101);
        assert_eq!((by_bytes.get(&2), by_bytes.usage()), (None, (1, 50)));
        assert_eq!(by_bytes.find(&1, |v| (*v == 1).then_some("one")), Some("one"));
    }
}

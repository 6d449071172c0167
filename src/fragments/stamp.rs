//! Versions of model items, for keying what was rendered from them. A [`Stamped`] item
//! carries a [`Stamp`] drawn from one process-wide counter; every mutable access to the
//! item (through `DerefMut`, the only way to change it) draws a new one. So a stamp names
//! one content of one item, in any world: two items with the same stamp are the same item
//! unchanged since (a clone of a world keeps its stamps, and its content with them), and a
//! changed item can never show its old stamp again. The model needs no bump at each
//! place it changes a finding; forgetting one is impossible by construction.
//!
//! A mutable access that changes nothing (a `&mut` method that returns early) also draws a
//! stamp: that costs one re-render, never a stale one.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One version of one item; unique in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Stamp(u64);

static NEXT: AtomicU64 = AtomicU64::new(1);

impl Stamp {
    pub(crate) fn fresh() -> Stamp {
        Stamp(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// An item and the stamp of its current content. Serialised, compared and printed as the
/// item alone: snapshots do not change.
pub(crate) struct Stamped<T> {
    value: T,
    stamp: Stamp,
}

impl<T> Stamped<T> {
    pub(crate) fn new(value: T) -> Stamped<T> {
        Stamped { value, stamp: Stamp::fresh() }
    }

    /// The version of what the item holds now.
    pub(crate) fn stamp(&self) -> u64 {
        self.stamp.0
    }
}

impl<T: Default> Default for Stamped<T> {
    fn default() -> Stamped<T> {
        Stamped::new(T::default())
    }
}

impl<T> From<T> for Stamped<T> {
    fn from(value: T) -> Stamped<T> {
        Stamped::new(value)
    }
}

impl<T> Deref for Stamped<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::borrow::Borrow<T> for Stamped<T> {
    fn borrow(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Stamped<T> {
    /// Whoever may change the item gets a new version of it.
    fn deref_mut(&mut self) -> &mut T {
        self.stamp = Stamp::fresh();
        &mut self.value
    }
}

/// A clone holds the same content, so it keeps the stamp (a world copied from another
/// reuses the fragments rendered for it).
impl<T: Clone> Clone for Stamped<T> {
    fn clone(&self) -> Stamped<T> {
        Stamped { value: self.value.clone(), stamp: self.stamp }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Stamped<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Stamped<T> {
    fn eq(&self, other: &Stamped<T>) -> bool {
        self.value == other.value
    }
}

impl<T: Serialize> Serialize for Stamped<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Stamped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Stamped<T>, D::Error> {
        T::deserialize(deserializer).map(Stamped::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_draws_a_new_stamp_and_a_read_or_a_clone_does_not() {
        let mut item = Stamped::new(vec![1]);
        let first = item.stamp();
        assert_eq!(item.len(), 1);
        assert_eq!(item.stamp(), first);
        let copy = item.clone();
        assert_eq!(copy.stamp(), first);
        item.push(2);
        assert_ne!(item.stamp(), first);
        assert_eq!(copy.stamp(), first);
        assert_eq!(serde_json::to_string(&item).ok().as_deref(), Some("[1,2]"));
        let read: Option<Stamped<Vec<i32>>> = serde_json::from_str("[3]").ok();
        assert!(read.is_some_and(|r| r.stamp() > first && *r == vec![3]));
    }
}

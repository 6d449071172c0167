//! Whole pages of fragments, remembered by what they are made of. A list handler that
//! writes a page of [`Fragment`]s knows everything the page's bytes depend on: the page's
//! own values (its envelope: the total, the window) and each fragment's key (its view and
//! the versions of what the view reads). It names them in a [`PageKey`]; the page's bytes
//! and digest are then remembered under that key, and an unchanged list is answered with
//! them: no page index is walked twice, no fragment copied, no page hashed.
//!
//! Equal keys, equal pages, in any world and for any caller: what differs between worlds
//! or callers (another item, another stamp, another total) is in the key, and stamps are
//! unique in the process. Time is in it wherever a view reads it: a fragment whose view
//! reads the clock carries what it reads in its versions (DryRun's "scan that reported it
//! by now"), and a page whose envelope showed a time would name it. Debug builds (every
//! test) write the page afresh on each hit and panic when the bytes differ, so a key that
//! misses an input fails the test that shows it.
//!
//! One store per process, bounded in bytes and emptied when full: pages come back on
//! their next request.

use std::sync::LazyLock;

use bytes::Bytes;
use serde::Serialize;

use super::{Fragment, compose};

/// How many bytes of pages and their keys are kept.
const BUDGET: usize = 16 * 1024 * 1024;
/// What an entry costs beyond its bytes (map slot, allocations).
const ENTRY_OVERHEAD: usize = 96;
/// A fragment the page shows without one (an item left out, `null`).
const NO_FRAGMENT: [u64; 5] = [u64::MAX; 5];

static PAGES: LazyLock<Pages> = LazyLock::new(|| Pages::new(BUDGET));

/// What a page of fragments is made of.
///
/// ```ignore
/// let key = PageKey::of(&[total as u64, skip as u64, limit as u64], items.iter().map(Some));
/// Reply::page(200, key, Page::new(items, total, skip, limit))
/// ```
pub(crate) struct PageKey {
    parts: Vec<u64>,
}

impl PageKey {
    /// A page whose envelope (everything but its fragments) shows `envelope` and whose
    /// items are `fragments`, in order (`None` for an item shown without one).
    pub(crate) fn of<'f, F: Fn() -> V + 'f, V: Serialize>(
        envelope: &[u64],
        fragments: impl IntoIterator<Item = Option<&'f Fragment<F>>>,
    ) -> PageKey {
        let mut parts = Vec::with_capacity(4 + envelope.len() + 5 * 64);
        parts.extend_from_slice(&[0, 0, envelope.len() as u64]);
        parts.extend_from_slice(envelope);
        for fragment in fragments {
            parts.extend_from_slice(&fragment.map_or(NO_FRAGMENT, Fragment::key_parts));
        }
        PageKey { parts }
    }
}

/// The page's bytes and digest (`compose`'s), remembered under `key` with the page's type.
pub(crate) fn page(key: PageKey, page: &impl Serialize) -> Result<(Bytes, Option<u128>), serde_json::Error> {
    let mut key = key.parts;
    let name = std::any::type_name_of_val(page);
    (key[0], key[1]) = (name.as_ptr() as u64, name.len() as u64);
    if let Some((bytes, digest)) = PAGES.get(&key) {
        #[cfg(debug_assertions)]
        check_fresh(page, &bytes);
        return Ok((bytes, digest));
    }
    let (bytes, digest) = compose(page)?;
    PAGES.keep(key, bytes.clone(), digest);
    Ok((bytes, digest))
}

/// A remembered page must be what the page writes now: a key that missed one of its
/// inputs would serve stale bytes. Checked on every hit in debug builds (tests).
#[cfg(debug_assertions)]
fn check_fresh(page: &impl Serialize, remembered: &[u8]) {
    let fresh = compose(page).map(|(b, _)| b).unwrap_or_default();
    assert!(
        fresh == remembered,
        "a remembered page of {} is stale: its key misses an input\nremembered: {}\nnow:        {}",
        std::any::type_name_of_val(page),
        String::from_utf8_lossy(remembered),
        String::from_utf8_lossy(&fresh)
    );
}

/// Pages (their bytes and digest) by key, bounded in bytes.
pub(super) struct Pages(crate::memo::Bounded<Box<[u64]>, (Bytes, Option<u128>)>);

impl Pages {
    pub(super) fn new(budget: usize) -> Pages {
        Pages(crate::memo::Bounded::new(usize::MAX, budget))
    }

    /// The page remembered under `key` (a clone of its bytes is a reference count).
    pub(super) fn get(&self, key: &[u64]) -> Option<(Bytes, Option<u128>)> {
        self.0.get(key)
    }

    /// Remembers a page; a full store is emptied first, a page bigger than it is not kept.
    pub(super) fn keep(&self, key: Vec<u64>, page: Bytes, digest: Option<u128>) {
        let size = key.len() * 8 + page.len() + ENTRY_OVERHEAD;
        self.0.keep(key.into_boxed_slice(), (page, digest), size);
    }

    #[cfg(test)]
    pub(super) fn kept_bytes(&self) -> usize {
        self.0.usage().1
    }
}

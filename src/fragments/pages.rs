//! Whole pages remembered by their skeleton (`compose`): the bytes a page serialises to
//! outside its fragments, with each fragment standing as its key. A fragment's bytes are
//! a function of its key, so a page is a function of its skeleton: equal skeletons, equal
//! pages, in any world and for any caller (what differs between worlds or callers,
//! another item, another stamp, another total, is in the skeleton). Time is in it too
//! wherever a view reads it: a fragment whose view reads the clock carries what it reads
//! in its versions (DryRun's "scan that reported it by now"), and a page whose envelope
//! shows a time writes it into its skeleton.
//!
//! One store per process, bounded in bytes (pages and skeletons alike) and emptied when
//! full: pages come back on their next request.

use std::collections::HashMap;
use std::sync::LazyLock;

use bytes::Bytes;
use parking_lot::Mutex;

/// How many bytes of pages and their skeletons are kept.
const BUDGET: usize = 16 * 1024 * 1024;
/// What an entry costs beyond its bytes (map slot, allocations).
const ENTRY_OVERHEAD: usize = 96;

pub(super) static PAGES: LazyLock<Pages> = LazyLock::new(|| Pages::new(BUDGET));

/// Pages (their bytes and digest) by skeleton.
pub(super) struct Pages {
    budget: usize,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    bytes: usize,
    by_skeleton: HashMap<Box<[u8]>, (Bytes, u128), foldhash::fast::FixedState>,
}

impl Pages {
    pub(super) fn new(budget: usize) -> Pages {
        Pages { budget, kept: Mutex::new(Kept::default()) }
    }

    /// The page written for this skeleton, if it is remembered (a clone of its bytes is
    /// a reference count, not a copy).
    pub(super) fn get(&self, skeleton: &[u8]) -> Option<(Bytes, u128)> {
        self.kept.lock().by_skeleton.get(skeleton).cloned()
    }

    /// Remembers a page; a full store is emptied first, a page bigger than it is not kept.
    pub(super) fn keep(&self, skeleton: &[u8], page: Bytes, digest: u128) {
        let size = skeleton.len() + page.len() + ENTRY_OVERHEAD;
        if size > self.budget {
            return;
        }
        let mut kept = self.kept.lock();
        if kept.bytes + size > self.budget {
            kept.by_skeleton.clear();
            kept.bytes = 0;
        }
        if kept.by_skeleton.insert(skeleton.into(), (page, digest)).is_none() {
            kept.bytes += size;
        }
    }

    #[cfg(test)]
    pub(super) fn kept_bytes(&self) -> usize {
        self.kept.lock().bytes
    }
}

//! Rendered fragments, remembered. A list of 50 findings is mostly the same 50 findings
//! it was a moment ago, and building each one's view and turning it into JSON was almost
//! all of what a stateful list cost (benches/callgrind_lists.sh, issue 14).
//!
//! A [`Fragment`] is keyed by the versions of the model items its view reads ([`Stamped`]
//! items: a stamp changes whenever the item may have changed) and by anything else the
//! view depends on (the clock, for a view that reads it), given by the API. A cached
//! fragment costs a map lookup and a copy: the view is not built, not serialised, not
//! hashed. (The memo this replaces was keyed by a hash of the view's serde stream: exact
//! without versions, but it built and hashed every view, ~10 K instructions each.)
//!
//! A fragment holds exactly the bytes `serde_json` writes for the view; only how often
//! they are made changes. Debug builds (every test) check that on each hit: a cached fragment that
//! differs from a fresh rendering means a key missed an input, and panics there.
//!
//! A page written from fragments ([`compose`]) also gets a digest that stands for its
//! bytes without hashing them all, which the response validator keys its verdicts by;
//! a list handler that names what its page is made of ([`PageKey`]) has the whole page
//! remembered (`pages`): an unchanged list is answered with the bytes written last time.
//! Which items that page shows (filters, order, total) is remembered too, by the stamp of
//! the index or collection it is read from ([`remembered`], `page_index`).
//!
//! The store is one per process, bounded in bytes, and emptied when full (fragments come
//! back). Stamps are unique in the process, so it is shared safely by every API and world.

mod compose;
mod page_index;
mod pages;
mod stamp;

use std::sync::{Arc, LazyLock};

use serde::{Serialize, Serializer};

pub(crate) use compose::compose;
use compose::{Rendered, outside_page};
pub(crate) use page_index::remembered;
pub(crate) use pages::{PageKey, page};
pub(crate) use stamp::Stamped;

/// How many bytes of rendered fragments are kept (with ~80 bytes per entry of overhead).
const BUDGET: usize = 16 * 1024 * 1024;
const ENTRY_OVERHEAD: usize = 80;

/// The view `render` builds, rendered once per version of what it reads.
///
/// ```ignore
/// let repo = &org.repositories[f.repo as usize];
/// Fragment::new([f.stamp(), repo.stamp(), 0], || FindingView::new(org, f))
/// ```
///
/// `versions` must change whenever the view could: the stamps of every [`Stamped`] item
/// the view reads, and a number for anything else it reads that is not stamped (a time,
/// a setting); unused places are 0.
pub(crate) struct Fragment<F> {
    versions: [u64; 3],
    render: F,
}

impl<F> Fragment<F> {
    pub(crate) fn new(versions: [u64; 3], render: F) -> Fragment<F> {
        Fragment { versions, render }
    }
}

impl<F: Fn() -> V, V: Serialize> Fragment<F> {
    /// The fragment's view (its type's name) and versions: what its bytes are a function
    /// of, as a page's key names it (`pages`).
    fn key_parts(&self) -> [u64; 5] {
        let name = std::any::type_name::<V>();
        let [a, b, c] = self.versions;
        [name.as_ptr() as u64, name.len() as u64, a, b, c]
    }
}

impl<F: Fn() -> V, V: Serialize> Serialize for Fragment<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The view's type is part of the key: one finding has several views.
        let name = std::any::type_name::<V>();
        let key = Key { view: (name.as_ptr() as usize, name.len()), versions: self.versions };
        match FRAGMENTS.rendered(key, || (self.render)()) {
            Some(rendered) => rendered.write(serializer),
            None => (self.render)().serialize(serializer),
        }
    }
}

static FRAGMENTS: LazyLock<Fragments> = LazyLock::new(|| Fragments::new(BUDGET));

/// A view (by its type's name: where it is and how long) of items at these versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    view: (usize, usize),
    versions: [u64; 3],
}

/// Rendered fragments by key, bounded in bytes.
struct Fragments(crate::memo::Bounded<Key, Arc<Rendered>>);

impl Fragments {
    fn new(budget: usize) -> Fragments {
        Fragments(crate::memo::Bounded::new(usize::MAX, budget))
    }

    /// The fragment under `key`, rendered now from `view` or remembered.
    fn rendered<V: Serialize>(&self, key: Key, view: impl FnOnce() -> V) -> Option<Arc<Rendered>> {
        if let Some(found) = self.0.get(&key) {
            #[cfg(debug_assertions)]
            check_fresh(&found, &view());
            return Some(found);
        }
        // Rendered outside the lock: two threads may render the same new fragment, which
        // is harmless; holding the lock would serialise every miss.
        let rendered: Arc<Rendered> = Rendered::new(outside_page(|| serde_json::to_string(&view())).ok()?)?.into();
        self.0.keep(key, rendered.clone(), rendered.json().len() + ENTRY_OVERHEAD);
        Some(rendered)
    }
}

/// A remembered fragment must be what the view renders now: a key that missed one of the
/// view's inputs would serve stale bytes. Checked on every hit in debug builds (tests).
#[cfg(debug_assertions)]
fn check_fresh(found: &Rendered, view: &impl Serialize) {
    let fresh = outside_page(|| serde_json::to_string(view)).unwrap_or_default();
    assert!(
        fresh == found.json(),
        "a remembered fragment of {} is stale: its key misses an input of the view\nremembered: {}\nnow:        {fresh}",
        std::any::type_name_of_val(view),
        found.json()
    );
}

#[cfg(test)]
mod tests;

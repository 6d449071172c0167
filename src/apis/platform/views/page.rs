//! The platform's paginated list: `{items, total, skip, limit}`.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    items: Vec<T>,
    total: usize,
    skip: usize,
    limit: usize,
}

impl<T> Page<T> {
    /// The page `[skip, skip + limit)` of an already ordered, already filtered list.
    pub(crate) fn of<'e, E>(all: &'e [E], skip: usize, limit: usize, view: impl FnMut(&'e E) -> T) -> Page<T> {
        Page { items: all[window(all.len(), skip, limit)].iter().map(view).collect(), total: all.len(), skip, limit }
    }

    /// One page, `items`, of a list of `total`.
    pub(crate) fn new(items: Vec<T>, total: usize, skip: usize, limit: usize) -> Page<T> {
        Page { items, total, skip, limit }
    }
}

/// Which positions of a list of `len` the page `[skip, skip + limit)` shows.
pub(crate) fn window(len: usize, skip: usize, limit: usize) -> std::ops::Range<usize> {
    let start = skip.min(len);
    start..start.saturating_add(limit).min(len)
}

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
        let start = skip.min(all.len());
        let end = start.saturating_add(limit).min(all.len());
        Page { items: all[start..end].iter().map(view).collect(), total: all.len(), skip, limit }
    }

    /// One page, `items`, of a list of `total`.
    pub(crate) fn new(items: Vec<T>, total: usize, skip: usize, limit: usize) -> Page<T> {
        Page { items, total, skip, limit }
    }
}

//! Kolega's paginated list: `{items, total, limit, skip, has_next}` around one page of
//! an ordered, filtered list.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    items: Vec<T>,
    total: usize,
    limit: usize,
    skip: usize,
    has_next: bool,
}

impl<T> Page<T> {
    /// One page of `items` out of `total`.
    pub(crate) fn new(items: Vec<T>, total: usize, skip: usize, limit: usize) -> Page<T> {
        let has_next = skip.saturating_add(items.len()) < total;
        Page { items, total, limit, skip, has_next }
    }

    /// The page `[skip, skip + limit)` of an already ordered, already filtered list, each
    /// entry shown as `view` shows it.
    pub(crate) fn of<'e, E>(all: &'e [E], skip: usize, limit: usize, view: impl FnMut(&'e E) -> T) -> Page<T> {
        let start = skip.min(all.len());
        let end = start.saturating_add(limit).min(all.len());
        Page::new(all[start..end].iter().map(view).collect(), all.len(), skip, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_knows_whether_another_follows() {
        let all = [1, 2, 3, 4, 5];
        let page = Page::of(&all, 3, 2, |n| *n);
        assert_eq!(
            serde_json::to_string(&page).ok().as_deref(),
            Some(r#"{"items":[4,5],"total":5,"limit":2,"skip":3,"has_next":false}"#)
        );
        assert!(Page::of(&all, 1, 2, |n| *n).has_next);
        assert!(Page::of(&all, 9, 2, |n| *n).items.is_empty());
    }
}

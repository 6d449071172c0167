//! `page` / `per_page` (defaults 1 and 50, at most 100: the contract checks the bounds
//! and applies the defaults) and the paginated answer, `{data, pagination}`. A page past
//! the end is empty, not an error.

use serde::Serialize;

use crate::apis::dryrun::views::envelope::{Paged, Pagination};
use crate::contract::ValidatedRequest;
use crate::fragments::{Fragment, PageKey};
use crate::reply::Reply;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub(crate) page: u64,
    pub(crate) per_page: u64,
}

impl Page {
    pub(crate) fn of(request: &ValidatedRequest) -> Page {
        let positive = |name: &str, default: u64| {
            request.query_i64(name).and_then(|v| u64::try_from(v).ok()).filter(|v| *v > 0).unwrap_or(default)
        };
        Page { page: positive("page", 1), per_page: positive("per_page", 50).min(100) }
    }

    /// The items of this page.
    pub(crate) fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = usize::try_from(self.page.saturating_sub(1).saturating_mul(self.per_page)).unwrap_or(usize::MAX);
        let start = start.min(items.len());
        let end = start.saturating_add(usize::try_from(self.per_page).unwrap_or(usize::MAX)).min(items.len());
        &items[start..end]
    }

    /// Where this page sits in a list of `total`.
    pub(crate) fn pagination(&self, total: usize) -> Pagination {
        Pagination::new(self.page, self.per_page, total)
    }

    /// `{"data": [this page of items, each as `view` shows it], "pagination": …}`: only
    /// the page is rendered.
    pub(crate) fn respond<T: Copy, V: Serialize>(&self, items: &[T], view: impl Fn(T) -> V) -> Reply {
        Reply::json(200, self.paged(items, view))
    }

    /// [`Page::respond`] for a page of fragments, remembered whole (`fragments::pages`):
    /// the envelope shows the page, its size and the total.
    pub(crate) fn respond_fragments<T: Copy, F: Fn() -> V, V: Serialize>(
        &self,
        items: &[T],
        view: impl Fn(T) -> Fragment<F>,
    ) -> Reply {
        let paged = self.paged(items, view);
        let key = PageKey::of(&[self.page, self.per_page, items.len() as u64], paged.data.iter().map(Some));
        Reply::page(200, key, paged)
    }

    /// This page of `items`, each as `view` shows it, in its envelope.
    fn paged<T: Copy, V>(&self, items: &[T], view: impl Fn(T) -> V) -> Paged<Vec<V>> {
        let data = self.slice(items).iter().map(|&i| view(i)).collect();
        Paged { data, pagination: self.pagination(items.len()) }
    }
}

#[cfg(test)]
mod tests {
    use crate::apis::dryrun::handlers::pagination::Page;

    #[test]
    fn pages_past_the_end_are_empty_and_huge_pages_do_not_overflow() {
        let items: Vec<u32> = (0..120).collect();
        let p = |page, per_page| Page { page, per_page };
        assert_eq!(p(1, 50).slice(&items).len(), 50);
        assert_eq!(p(3, 50).slice(&items), &items[100..]);
        assert!(p(4, 50).slice(&items).is_empty());
        assert!(p(u64::MAX, 100).slice(&items).is_empty());
        assert_eq!(p(1, 50).pagination(120).total_pages, 3);
        assert_eq!(p(1, 50).pagination(0).total_pages, 0);
    }
}

//! The two envelopes every DryRun answer comes in: `{"data": …}`, and a page of a list,
//! `{"data": …, "pagination": {page, per_page, total, total_pages}}`.

use serde::Serialize;

/// `{"data": …}`.
#[derive(Debug, Serialize)]
pub(crate) struct Data<T> {
    pub(crate) data: T,
}

/// `{"data": …, "pagination": …}`: a page of a list, or (a scan with its findings) one
/// thing with a page of what it holds.
#[derive(Debug, Serialize)]
pub(crate) struct Paged<T> {
    pub(crate) data: T,
    pub(crate) pagination: Pagination,
}

/// Where a page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Pagination {
    pub(crate) page: u64,
    pub(crate) per_page: u64,
    pub(crate) total: u64,
    pub(crate) total_pages: u64,
}

impl Pagination {
    /// Page `page` of `per_page` (at least 1) of a list of `total`.
    pub(crate) fn new(page: u64, per_page: u64, total: usize) -> Pagination {
        let total = total as u64;
        Pagination { page, per_page, total, total_pages: total.div_ceil(per_page) }
    }
}

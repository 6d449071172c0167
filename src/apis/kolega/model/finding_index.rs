//! The index behind `GET /repositories/{id}/findings`: one repository's findings split
//! into buckets by (severity, status, scan type), each bucket ordered by
//! `last_detected_at` descending. A filtered page then reads only the buckets that match,
//! counts the total from bucket sizes, and merges just enough of them to fill the page,
//! instead of filtering and sorting every finding on every request.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use jiff::Timestamp;

use super::finding::Finding;
use super::vocabulary::{FindingStatus, ScanType, Severity};

type Key = (Reverse<Timestamp>, Reverse<u32>);

const STATUSES: usize = 5;
const SCAN_TYPES: usize = 4;
const PER_SEVERITY: usize = STATUSES * SCAN_TYPES;

#[derive(Debug)]
pub(crate) struct FindingBuckets {
    buckets: Vec<BTreeSet<Key>>,
}

impl Default for FindingBuckets {
    fn default() -> Self {
        FindingBuckets { buckets: vec![BTreeSet::new(); 4 * PER_SEVERITY] }
    }
}

fn slot(severity: Severity, status: FindingStatus, scan_type: ScanType) -> usize {
    severity.rank() * PER_SEVERITY + status.rank() * SCAN_TYPES + scan_type.rank()
}

fn key(finding: &Finding, idx: u32) -> Key {
    (Reverse(finding.last_detected_at), Reverse(idx))
}

/// Which findings a list request wants.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FindingFilter {
    pub(crate) severity: Option<Severity>,
    pub(crate) status: Option<FindingStatus>,
    pub(crate) scan_type: Option<ScanType>,
}

impl FindingFilter {
    /// The filter as numbers (0: any), for keying what it selected.
    pub(crate) fn choices(&self) -> [u64; 3] {
        let rank = |r: Option<usize>| r.map_or(0, |r| r as u64 + 1);
        [
            rank(self.severity.map(Severity::rank)),
            rank(self.status.map(FindingStatus::rank)),
            rank(self.scan_type.map(ScanType::rank)),
        ]
    }

    pub(crate) fn matches(&self, f: &Finding) -> bool {
        self.severity.is_none_or(|s| s == f.severity)
            && self.status.is_none_or(|s| s == f.status)
            && self.scan_type.is_none_or(|s| s == f.scan_type)
    }
}

impl FindingBuckets {
    pub(crate) fn insert(&mut self, finding: &Finding, idx: u32) {
        self.buckets[slot(finding.severity, finding.status, finding.scan_type)].insert(key(finding, idx));
    }

    pub(crate) fn remove(&mut self, finding: &Finding, idx: u32) {
        self.buckets[slot(finding.severity, finding.status, finding.scan_type)].remove(&key(finding, idx));
    }

    /// The total matching `filter`, and the findings of the page `[skip, skip + limit)` in
    /// list order: severity (critical first), then most recently detected first.
    pub(crate) fn page(&self, filter: FindingFilter, skip: usize, limit: usize) -> (usize, Vec<u32>) {
        let severities: Vec<Severity> = match filter.severity {
            Some(s) => vec![s],
            None => Severity::ALL.to_vec(),
        };
        let statuses: Vec<FindingStatus> = filter.status.map_or_else(|| FindingStatus::ALL.to_vec(), |s| vec![s]);
        let scan_types: Vec<ScanType> = filter.scan_type.map_or_else(|| ScanType::ALL.to_vec(), |s| vec![s]);
        let mut total = 0;
        let mut page = Vec::new();
        let mut to_skip = skip;
        for severity in severities {
            let group: Vec<&BTreeSet<Key>> = statuses
                .iter()
                .flat_map(|st| scan_types.iter().map(move |t| (st, t)))
                .map(|(st, t)| &self.buckets[slot(severity, *st, *t)])
                .filter(|b| !b.is_empty())
                .collect();
            let size: usize = group.iter().map(|b| b.len()).sum();
            total += size;
            if page.len() >= limit {
                continue;
            }
            if to_skip >= size {
                to_skip -= size;
                continue;
            }
            merge_into(&group, &mut to_skip, limit, &mut page);
        }
        (total, page)
    }
}

/// Walks the buckets' union in key order, skipping `to_skip` entries, then appending until
/// `page` holds `limit`.
fn merge_into(group: &[&BTreeSet<Key>], to_skip: &mut usize, limit: usize, page: &mut Vec<u32>) {
    // The next key of each bucket in a heap: finding the smallest by asking every bucket
    // for every entry was a sixth of what a page of 50 cost (benches/callgrind_lists.sh).
    let mut cursors: Vec<_> = group.iter().map(|b| b.iter()).collect();
    let mut next: BinaryHeap<Reverse<(Key, usize)>> =
        cursors.iter_mut().enumerate().filter_map(|(i, c)| c.next().map(|k| Reverse((*k, i)))).collect();
    while page.len() < limit {
        let Some(Reverse((key, i))) = next.pop() else { return };
        if let Some(k) = cursors[i].next() {
            next.push(Reverse((*k, i)));
        }
        if *to_skip > 0 {
            *to_skip -= 1;
        } else {
            page.push(key.1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::kolega::model::finding::FindingContent;

    fn finding(severity: Severity, status: FindingStatus, secs: i64) -> Finding {
        let at = Timestamp::from_second(secs).expect("in range");
        Finding {
            id: String::new(),
            repo: 0,
            source: 0,
            scan_type: ScanType::Semgrep,
            severity,
            status,
            content: FindingContent::Catalog { rule: 0, path: 0 },
            line: 1,
            fingerprint: 0,
            scan_id: None,
            first_detected_at: at,
            last_detected_at: at,
            resolved_at: None,
            fixed_at: None,
            updated_at: at,
        }
    }

    #[test]
    fn pages_follow_severity_then_recency_and_count_without_scanning() {
        let findings = [
            finding(Severity::Low, FindingStatus::Open, 50),
            finding(Severity::Critical, FindingStatus::Open, 10),
            finding(Severity::High, FindingStatus::Resolved, 30),
            finding(Severity::High, FindingStatus::Open, 40),
            finding(Severity::Critical, FindingStatus::Ignored, 20),
        ];
        let mut b = FindingBuckets::default();
        for (i, f) in findings.iter().enumerate() {
            b.insert(f, i as u32);
        }
        assert_eq!(b.page(FindingFilter::default(), 0, 10), (5, vec![4, 1, 3, 2, 0]));
        assert_eq!(b.page(FindingFilter::default(), 2, 2), (5, vec![3, 2]));
        let open = FindingFilter { status: Some(FindingStatus::Open), ..Default::default() };
        assert_eq!(b.page(open, 0, 10), (3, vec![1, 3, 0]));
        assert_eq!(b.page(open, 5, 10), (3, vec![]));
        b.remove(&findings[3], 3);
        assert_eq!(b.page(open, 0, 10), (2, vec![1, 0]));
    }
}

//! What a scan finds. Each (repository, source, scan type) has a fixed pool of issues
//! drawn from the catalog for the repository's stack; a scan reports a subset of its pool
//! chosen by the batch id. So the same batch always finds the same things, a second scan
//! of the same code re-detects most of what the first found and now and then turns up
//! something new, as a real scanner over a slowly changing codebase does. What a
//! finished scan does to the findings is `scan_outcome`.

use rand::RngExt;

use super::ids::{fingerprint, rng_for};
use super::repository::Repository;
use super::vocabulary::ScanType;
use crate::apis::kolega::model::rules::{self, Rule};

/// One issue a scanner can report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) rule: u16,
    pub(crate) path: u16,
    pub(crate) line: u32,
    pub(crate) fingerprint: u64,
}

fn pool_size(scan_type: ScanType) -> std::ops::RangeInclusive<usize> {
    match scan_type {
        ScanType::Secrets => 1..=4,
        ScanType::Semgrep => 4..=9,
        ScanType::DeepAi => 2..=5,
        ScanType::Sbom => 3..=7,
    }
}

/// Lines a finding of this type sits on (manifests and config files are short).
fn lines(scan_type: ScanType) -> std::ops::Range<u32> {
    match scan_type {
        ScanType::Sbom => 3..48,
        ScanType::Secrets => 4..90,
        ScanType::Semgrep | ScanType::DeepAi => 12..420,
    }
}

/// A finding's identity across scans: the same rule in the same file of the same source
/// (what re-detection matches on; the line may move between commits).
pub(crate) fn location(repo_id: &str, source: u16, check_id: &str, path: &str) -> u64 {
    fingerprint(&[repo_id.as_bytes(), &source.to_le_bytes(), check_id.as_bytes(), path.as_bytes()])
}

/// The issues a source repository holds for a scan type.
pub(crate) fn pool(repo: &Repository, source: u16, scan_type: ScanType) -> Vec<Candidate> {
    let mut rng = rng_for(&[repo.id.as_bytes(), &source.to_le_bytes(), scan_type.as_str().as_bytes(), b"pool"]);
    let rules = rules::rules();
    let mut choices: Vec<(u16, u16)> = rules::candidates(scan_type, repo.stack)
        .into_iter()
        .flat_map(|r| (0..rules[r as usize].paths.len() as u16).map(move |p| (r, p)))
        .collect();
    let size = rng.random_range(pool_size(scan_type)).min(choices.len());
    let (owner, pkg) = repo.owner_and_package();
    let mut pool = Vec::with_capacity(size);
    for _ in 0..size {
        let (rule, path) = choices.swap_remove(rng.random_range(0..choices.len()));
        let r = &rules[rule as usize];
        let file = rules::expand(&r.paths[path as usize], &owner, &pkg);
        let line = rng.random_range(lines(scan_type));
        pool.push(Candidate { rule, path, line, fingerprint: location(&repo.id, source, &r.id, &file) });
    }
    pool
}

/// What one batch's scan of a source reports of its pool: each issue with chance `rate`
/// (the scan type's `detect_rate`, four in five by default), never nothing when the pool
/// has something.
pub(crate) fn detected(batch_id: &str, source: u16, pool: &[Candidate], rate: f64) -> Vec<Candidate> {
    let mut rng = rng_for(&[batch_id.as_bytes(), &source.to_le_bytes(), b"detect"]);
    let mut found: Vec<Candidate> = pool.iter().copied().filter(|_| rng.random_bool(rate)).collect();
    if found.is_empty()
        && let Some(first) = pool.first()
    {
        found.push(*first);
    }
    found
}

pub(crate) fn rule(c: &Candidate) -> &'static Rule {
    &rules::rules()[c.rule as usize]
}

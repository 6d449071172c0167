//! How big a Kolega section may make the world, checked before anything is built. Each
//! field's own bound is in the section's schema (`SectionBounds`); a small section can
//! still multiply them (a million generated findings in each of a thousand
//! repositories), so the totals are projected from the section first: findings, scan
//! batches, and finding events, each an upper bound of what loading would create.

use serde_json::Value;

use super::section::Section;
use crate::world::section::SectionBounds;

/// Findings a section may describe in all (written, generated, found by past scans).
pub(crate) const MAX_FINDINGS: u64 = 1_000_000;

/// Scan batches a section may describe in all.
pub(crate) const MAX_BATCHES: u64 = 100_000;

/// Finding events loading may write in all.
pub(crate) const MAX_EVENTS: u64 = 5_000_000;

/// Distinct issues one source repository can hold across the four scan types (the
/// largest pool `detect` draws for each: 4 + 9 + 5 + 7).
const POOL_PER_SOURCE: u64 = 25;

/// Issues one source scan reports at most (the largest pool).
const FOUND_PER_SOURCE_SCAN: u64 = 9;

/// Events one fix writes per finding (created, started, completed or failed or
/// cancelled, pull request).
const EVENTS_PER_FIX_FINDING: u64 = 4;

static SCHEMA: SectionBounds = SectionBounds::of::<Section>();

/// Checks `raw` (the section as written) against its schema's bounds and `section`'s
/// projected totals against the limits above.
pub(crate) fn check(raw: &Value, section: &Section) -> Result<(), String> {
    SCHEMA.check(raw)?;
    let (mut findings, mut batches, mut events) = (0u64, 0u64, 0u64);
    for (o, org) in section.organizations.iter().enumerate() {
        for (r, repo) in org.repositories.iter().enumerate() {
            let at = format!("organizations[{o}].repositories[{r}]");
            let sources = repo.sources.len().max(1) as u64;
            let scans = repo.scans.len() as u64;
            let generated = repo.generated_findings.as_ref().map_or(0, |g| u64::from(g.count));
            let found = if scans > 0 { sources * POOL_PER_SOURCE } else { 0 };
            let repo_findings = repo.findings.len() as u64 + generated + found;
            findings += repo_findings;
            batches += scans;
            let fix_findings: u64 = repo.fixes.iter().map(|f| f.finding_ids.len() as u64).sum();
            events +=
                2 * repo_findings + scans * sources * FOUND_PER_SOURCE_SCAN + fix_findings * EVENTS_PER_FIX_FINDING;
            if findings > MAX_FINDINGS {
                return Err(format!(
                    "{at}: the section would hold up to {findings} findings by here (findings, \
                     generated_findings.count and what past scans find, over every repository); \
                     at most {MAX_FINDINGS}"
                ));
            }
            if batches > MAX_BATCHES {
                return Err(format!(
                    "{at}.scans: the section would hold {batches} scan batches by here; at most {MAX_BATCHES}"
                ));
            }
            if events > MAX_EVENTS {
                return Err(format!(
                    "{at}: loading would write up to {events} finding events by here (findings, scans × sources, \
                     fixes × finding_ids); at most {MAX_EVENTS}"
                ));
            }
        }
    }
    Ok(())
}

//! Starting a scan: the configuration with its defaults resolved, the files its globs
//! select in the repository's snapshot, where a broken analyzer will fail it, and the plan
//! `scan` reads progress from.

use jiff::Timestamp;

use super::finding::{globs, selected};
use super::scan::{BrokenAnalyzer, Scan, default_analyzers};
use super::source::snapshot;
use super::state::Repository;
use super::{Analyzer, Depth};

/// A scan as asked for (`None`: the default).
#[derive(Debug, Default)]
pub(crate) struct ScanRequest {
    pub(crate) analyzers: Option<Vec<Analyzer>>,
    pub(crate) depth: Option<Depth>,
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
}

/// The scan `id` of `repo`, started by `user` at `at`; refused with the first pattern
/// that is not a glob.
pub(crate) fn plan(
    id: String,
    repo: &Repository,
    user: &str,
    asked: ScanRequest,
    timing: super::scan::Timing,
    broken: &[BrokenAnalyzer],
    at: Timestamp,
) -> Result<Scan, String> {
    let include = globs(&asked.include)?;
    let exclude = globs(&asked.exclude)?;
    let snap = snapshot(repo.ingest.stack, &repo.ingest.package);
    let files_total = snap.files.iter().filter(|f| selected(&f.path, &include, &exclude)).count() as u32;
    let depth = asked.depth.unwrap_or(Depth::Standard);
    let analyzers = asked.analyzers.unwrap_or_else(|| default_analyzers(depth));
    let failure = BrokenAnalyzer::plan(broken, &repo.name, &analyzers);
    Ok(Scan {
        id,
        repo_id: repo.id.clone(),
        project_id: repo.project.clone(),
        triggered_by: user.to_string(),
        analyzers,
        depth,
        include: asked.include,
        exclude: asked.exclude,
        commit_sha: repo.ingest.commit_sha.clone(),
        files_total,
        created_at: at,
        timing,
        cancelled_at: None,
        reported: false,
        artifacts_purged: false,
        failure,
    })
}

//! The on-demand cleanup: what each target would delete (counted at request time) and
//! deleting it. Git uploads that expired (or failed) go whatever their age, others once
//! older than the cutoff; scan artifacts go once their scan finished before the cutoff.
//! Snapshots of deleted repositories, legacy sessions and orphaned objects are deleted
//! with what owns them here, so those targets never find anything.

use jiff::Timestamp;

use super::ScanStatus;
use super::git_upload::UploadStatus;
use super::state::PlatformState;

pub(crate) const TARGETS: [&str; 5] = ["scan_artifacts", "snapshots", "git_uploads", "sessions", "orphaned_objects"];

/// One target's count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) target: &'static str,
    pub(crate) objects: u64,
    pub(crate) bytes: u64,
}

/// Bytes of one scan's stored artifacts (SARIF, report, SBOM).
const ARTIFACT_BYTES: u64 = 96 * 1024;

fn upload_expendable(state: &PlatformState, i: usize, cutoff: Timestamp, now: Timestamp) -> bool {
    let u = &state.git_uploads[i];
    match u.status(now) {
        UploadStatus::Expired => true,
        UploadStatus::Ready => u.created_at < cutoff,
        _ => false,
    }
}

fn artifacts_expendable(state: &PlatformState, i: usize, cutoff: Timestamp, now: Timestamp) -> bool {
    let s = &state.scans[i];
    !s.artifacts_purged && s.status(now) == ScanStatus::Completed && s.completes_at() < cutoff
}

/// What each of `targets` would delete.
pub(crate) fn candidates(
    state: &PlatformState,
    targets: &[&'static str],
    cutoff: Timestamp,
    now: Timestamp,
) -> Vec<Candidate> {
    targets
        .iter()
        .map(|target| {
            let (objects, bytes) = match *target {
                "git_uploads" => {
                    let gone = (0..state.git_uploads.len()).filter(|i| upload_expendable(state, *i, cutoff, now));
                    gone.fold((0, 0), |(n, b), i| (n + 1, b + state.git_uploads[i].size_bytes(now).unwrap_or(0)))
                }
                "scan_artifacts" => {
                    let n =
                        (0..state.scans.len()).filter(|i| artifacts_expendable(state, *i, cutoff, now)).count() as u64;
                    (n * 3, n * ARTIFACT_BYTES)
                }
                _ => (0, 0),
            };
            Candidate { target, objects, bytes }
        })
        .collect()
}

/// Deletes what `targets` name.
pub(crate) fn run(state: &mut PlatformState, targets: &[&'static str], cutoff: Timestamp, now: Timestamp) {
    if targets.contains(&"git_uploads") {
        let keep: Vec<bool> = (0..state.git_uploads.len()).map(|i| !upload_expendable(state, i, cutoff, now)).collect();
        let mut flags = keep.into_iter();
        state.git_uploads.retain(|_| flags.next().unwrap_or(true));
    }
    if targets.contains(&"scan_artifacts") {
        let purge: Vec<usize> =
            (0..state.scans.len()).filter(|i| artifacts_expendable(state, *i, cutoff, now)).collect();
        for i in purge {
            state.scans[i].artifacts_purged = true;
        }
    }
}

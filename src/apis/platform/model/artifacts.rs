//! Scan artifacts: what a completed scan stores (SARIF results, a CycloneDX SBOM when
//! `sca` ran, an HTML report) and the pre-signed URLs they are downloaded from. secmock
//! stands in for the object store: a URL points at the platform's own port
//! (`/v1/artifacts/{scan_id}/{file}`), carries when it was signed and for how long, and
//! is signed with the scenario's secret, so a client can fetch it, and a tampered or
//! expired one is refused. A cleanup that purged a scan's artifacts leaves none.

use jiff::{SignedDuration, Timestamp};

use super::finding::Finding;
use super::ids::sha256_hex;
use super::rules::{Rule, Stack, rule};
use super::scan::Scan;
use super::{Analyzer, ScanStatus};

/// How long a pre-signed URL is valid, in seconds.
pub(crate) const VALIDITY_SECS: i64 = 3600;

/// One stored artifact of a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Artifact {
    Sarif,
    Sbom,
    Report,
}

impl Artifact {
    /// Its object name under the scan.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Artifact::Sarif => "results.sarif",
            Artifact::Sbom => "sbom.cdx.json",
            Artifact::Report => "report.html",
        }
    }

    pub(crate) fn media_type(self) -> &'static str {
        match self {
            Artifact::Sarif => "application/sarif+json",
            Artifact::Sbom => "application/vnd.cyclonedx+json",
            Artifact::Report => "text/html; charset=utf-8",
        }
    }

    pub(crate) fn from_file(name: &str) -> Option<Artifact> {
        [Artifact::Sarif, Artifact::Sbom, Artifact::Report].into_iter().find(|a| a.file() == name)
    }
}

/// One finding as the artifacts report it.
#[derive(Debug)]
pub(crate) struct Reported {
    pub(crate) rule: &'static Rule,
    pub(crate) path: String,
    pub(crate) start_line: u32,
    pub(crate) end_line: u32,
    pub(crate) fingerprint: String,
}

impl Reported {
    pub(crate) fn of(f: &Finding) -> Option<Reported> {
        Some(Reported {
            rule: rule(f.rule)?,
            path: f.file_path.clone(),
            start_line: f.start_line,
            end_line: f.end_line,
            fingerprint: f.fingerprint.clone(),
        })
    }
}

/// What a scan's artifacts are about: the scan, what it scanned (a repository, or a legacy
/// session's archive) and what it found, most severe first.
#[derive(Debug)]
pub(crate) struct Subject<'a> {
    pub(crate) scan: &'a Scan,
    /// The repository's name, or the archive's file name.
    pub(crate) name: &'a str,
    pub(crate) stack: Stack,
    pub(crate) package: &'a str,
    pub(crate) findings: Vec<Reported>,
}

impl<'a> Subject<'a> {
    /// The artifacts it has stored by `now`: none until it completed or once purged.
    pub(crate) fn stored(&self, now: Timestamp) -> Vec<Artifact> {
        if self.scan.artifacts_purged || self.scan.status(now) != ScanStatus::Completed {
            return Vec::new();
        }
        let mut stored = vec![Artifact::Sarif];
        if self.scan.analyzers.contains(&Analyzer::Sca) {
            stored.push(Artifact::Sbom);
        }
        stored.push(Artifact::Report);
        stored
    }
}

/// Where pre-signed URLs point (`http://host:port`) and the secret that signs them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signer<'a> {
    pub(crate) origin: &'a str,
    pub(crate) secret: &'a str,
}

/// Why a pre-signed URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Denied {
    BadSignature,
    Expired,
}

/// `X-Amz-Date`'s form: `20260310T090000Z`.
const DATE: &str = "%Y%m%dT%H%M%SZ";

impl Signer<'_> {
    fn signature(&self, scan_id: &str, artifact: Artifact, signed: &str, expires: i64) -> String {
        sha256_hex(format!("{}\n{scan_id}\n{}\n{signed}\n{expires}", self.secret, artifact.file()).as_bytes())
    }

    /// The URL of `artifact` of `scan_id`, signed at `now`; and when it expires.
    pub(crate) fn url(&self, scan_id: &str, artifact: Artifact, now: Timestamp) -> (String, Timestamp) {
        let signed = now.strftime(DATE).to_string();
        let signature = self.signature(scan_id, artifact, &signed, VALIDITY_SECS);
        let url = format!(
            "{}/v1/artifacts/{scan_id}/{}?X-Amz-Date={signed}&X-Amz-Expires={VALIDITY_SECS}&X-Amz-Signature={signature}",
            self.origin,
            artifact.file()
        );
        (url, now + SignedDuration::from_secs(VALIDITY_SECS))
    }

    /// Whether a URL's signature holds and it is still valid at `now`.
    pub(crate) fn check(
        &self,
        scan_id: &str,
        artifact: Artifact,
        (signed, expires, signature): (&str, i64, &str),
        now: Timestamp,
    ) -> Result<(), Denied> {
        if self.signature(scan_id, artifact, signed, expires) != signature {
            return Err(Denied::BadSignature);
        }
        let at = jiff::fmt::strtime::parse(DATE, signed)
            .and_then(|t| t.to_datetime())
            .and_then(|d| jiff::tz::TimeZone::UTC.to_timestamp(d))
            .map_err(|_| Denied::BadSignature)?;
        if now > at + SignedDuration::from_secs(expires) {
            return Err(Denied::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_checks_until_it_expires_and_never_once_tampered() {
        let signer = Signer { origin: "http://127.0.0.1:4014", secret: "s3cr3t-s3cr3t-s3cr3t" };
        let now: Timestamp = "2026-03-10T09:00:00Z".parse().expect("time");
        let (url, expires) = signer.url("scan-1", Artifact::Sarif, now);
        assert_eq!(expires, now + SignedDuration::from_secs(3600));
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let param = |name: &str| {
            query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or_default().to_string()
        };
        let (date, sig) = (param("X-Amz-Date"), param("X-Amz-Signature"));
        assert_eq!(date, "20260310T090000Z");
        let at = |secs: i64| now + SignedDuration::from_secs(secs);
        assert_eq!(signer.check("scan-1", Artifact::Sarif, (&date, 3600, &sig), at(3600)), Ok(()));
        assert_eq!(signer.check("scan-1", Artifact::Sarif, (&date, 3600, &sig), at(3601)), Err(Denied::Expired));
        assert_eq!(signer.check("scan-1", Artifact::Sbom, (&date, 3600, &sig), at(1)), Err(Denied::BadSignature));
        assert_eq!(signer.check("scan-1", Artifact::Sarif, (&date, 7200, &sig), at(1)), Err(Denied::BadSignature));
        assert_eq!(signer.check("scan-2", Artifact::Sarif, (&date, 3600, &sig), at(1)), Err(Denied::BadSignature));
    }
}

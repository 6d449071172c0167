//! One generated finding at a time, written the way DryRun writes them: a vulnerability
//! class that fits the severity, a file of the repository's language, a line range, the
//! CWE and analyzer in `meta`; SCA findings from real advisories of the repository's
//! ecosystem.

use jiff::Timestamp;
use rand::RngExt;
use serde_json::json;

use super::builder::Builder;
use super::scenario_history::SeverityMix;
use crate::apis::dryrun::data::sca::{self, Advisory};
use crate::apis::dryrun::data::{code, pick, vulns};
use crate::apis::dryrun::model::description::Description;
use crate::apis::dryrun::model::finding::{
    Confidence, Detail, Finding, FindingKind, FindingsResult, Location, ScaDetail, Severity,
};
use crate::catalog::fill;

/// A severity drawn with the mix's weights.
pub(crate) fn severity(b: &mut Builder<'_>, mix: &SeverityMix) -> Severity {
    let weights = [mix.critical, mix.high, mix.medium, mix.low].map(u64::from);
    // Summed as u64 (large u32 weights must not overflow), drawn as u32 when the total
    // fits, so seeded scenarios keep their data.
    let total: u64 = weights.iter().sum();
    if total == 0 {
        return Severity::Medium;
    }
    let mut roll = match u32::try_from(total) {
        Ok(total) => u64::from(b.rng.random_range(0..total)),
        Err(_) => b.rng.random_range(0..total),
    };
    for (w, severity) in weights.iter().zip([Severity::Critical, Severity::High, Severity::Medium, Severity::Low]) {
        if roll < *w {
            return severity;
        }
        roll -= w;
    }
    Severity::Low
}

fn blank(
    b: &mut Builder<'_>,
    repo: usize,
    kind: FindingKind,
    severity: Severity,
    detail: Detail,
) -> Result<Finding, String> {
    Ok(Finding {
        id: b.id(None, "generated finding")?,
        account: b.state.repositories[repo].account,
        repo,
        kind,
        severity,
        title: "".into(),
        description: Description::default(),
        // Set when the scans are final (when the first one reporting it completes).
        created_at: Timestamp::MAX,
        detail,
        triage: None,
        triage_updated_at: None,
    })
}

/// A PR finding; with `policy`, a code-policy finding of that custom policy.
pub(crate) fn pr_finding(
    b: &mut Builder<'_>,
    repo: usize,
    severity: Severity,
    policy: Option<usize>,
) -> Result<usize, String> {
    let language = b.state.repositories[repo].language;
    let resource = pick(&mut b.rng, code::resources()).as_str();
    let filename = code::source_file(&mut b.rng, language, resource);
    let (line_start, line_end) = code::line_range(&mut b.rng, 40);
    let confidence = match b.rng.random_range(0..20) {
        0..8 => Confidence::High,
        8..17 => Confidence::Medium,
        _ => Confidence::Low,
    };
    // DryRun's own example reports some PR findings as `error`: ranked like `high`.
    let severity = if severity == Severity::High && b.rng.random_bool(0.25) { Severity::Error } else { severity };
    // `meta` is free-form in DryRun's contract (an object of whatever the analyzer adds),
    // so the model keeps it as JSON.
    let (title, description, label, meta) = match policy {
        Some(p) => {
            let policy = &b.state.policies[p];
            let mut chars = policy.name.chars();
            let name = chars.next().map(|c| c.to_lowercase().chain(chars).collect::<String>()).unwrap_or_default();
            let description = Description::Text(format!(
                "{filename} does not follow the custom code policy \"{}\": {}",
                policy.name, policy.description
            ));
            let meta = json!({"policy_id": policy.id, "policy_name": policy.name});
            let key = policy.id.clone();
            let title = b.shared_text(&format!("Policy: {name}"));
            (title, description, Some(b.shared_text("custom_policy")), Some(b.shared_meta(&key, || meta)))
        }
        None => {
            let class = vulns::class_for(&mut b.rng, severity);
            let meta = b
                .rng
                .random_bool(0.8)
                .then(|| b.shared_meta(&class.id, || json!({"cwe": class.cwe, "analyzer": vulns::analyzer(class)})));
            let (title, label) = (b.shared_text(&class.title), b.shared_text(&class.id));
            // Filled when shown (with this finding's file): not held as text.
            (title, Description::Filled { template: &class.summary, resource }, Some(label), meta)
        }
    };
    let detail = Detail::Pr {
        label,
        confidence,
        filename,
        line_start,
        line_end,
        meta,
        result: FindingsResult::for_severity(severity),
        policy,
    };
    let kind = if policy.is_some() { FindingKind::CodePolicy } else { FindingKind::Pullrequest };
    let mut finding = blank(b, repo, kind, severity, detail)?;
    finding.title = title;
    finding.description = description;
    Ok(b.add_finding(finding))
}

/// A DeepScan code finding.
pub(crate) fn code_finding(b: &mut Builder<'_>, repo: usize, severity: Severity) -> Result<usize, String> {
    let language = b.state.repositories[repo].language;
    let resource = pick(&mut b.rng, code::resources()).as_str();
    let class = vulns::class_for(&mut b.rng, severity);
    let mut locations = vec![code::code_location(&mut b.rng, language, resource)];
    if b.rng.random_bool(0.4) {
        locations.push(code::code_location(&mut b.rng, language, resource));
    }
    let file = locations[0].filename.clone();
    let detail = Detail::Code {
        technical_details: Some(fill(&class.technical, resource, &file)),
        impact: Some(fill(&class.impact, resource, &file)),
        remediation: Some(fill(&class.remediation, resource, &file)),
        locations,
    };
    let mut finding = blank(b, repo, FindingKind::Deepscan, severity, detail)?;
    finding.title = fill(&class.headline, resource, &file).into();
    finding.description = fill(&class.summary, resource, &file).into();
    Ok(b.add_finding(finding))
}

/// An SCA finding from an advisory of the repository's ecosystem that `open` (advisory
/// positions already reported on this branch) does not hold yet; `None` when every one is.
pub(crate) fn sca_finding(b: &mut Builder<'_>, repo: usize, open: &[usize]) -> Result<Option<(usize, usize)>, String> {
    let language = b.state.repositories[repo].language;
    let ecosystem = code::ecosystem(language);
    let candidates: Vec<usize> = sca::of_ecosystem(ecosystem).filter(|i| !open.contains(i)).collect();
    if candidates.is_empty() {
        return Ok(None);
    }
    let advisory_index = *pick(&mut b.rng, &candidates);
    let advisory: &Advisory = &sca::advisories()[advisory_index];
    let manifest = code::manifest(&mut b.rng, ecosystem);
    let line = b.rng.random_range(3..2400);
    let mut locations = vec![Location { filename: manifest.to_string(), line_start: Some(line), line_end: Some(line) }];
    if b.rng.random_bool(0.4) {
        let resource = pick(&mut b.rng, code::resources()).as_str();
        let (start, _) = code::line_range(&mut b.rng, 0);
        locations.push(Location {
            filename: code::source_file(&mut b.rng, language, resource),
            line_start: Some(start),
            line_end: Some(start),
        });
    }
    let detail = Detail::Sca(Box::new(ScaDetail {
        package_name: advisory.package.to_string(),
        package_version: advisory.affected.clone(),
        ecosystem: ecosystem.to_string(),
        cve_id: advisory.cve.clone(),
        cvss_score: advisory.cvss.as_ref().map(|c| c.score),
        cvss_vector: advisory.cvss.as_ref().map(|c| c.vector.clone()),
        fixed_version: advisory.fixed.clone(),
        remediation: sca::remediation(advisory),
        references: sca::references(advisory, ecosystem),
        locations,
    }));
    let mut finding = blank(b, repo, FindingKind::Sca, sca::severity(advisory), detail)?;
    finding.title = sca::title(advisory).into();
    finding.description = advisory.description().into();
    Ok(Some((b.add_finding(finding), advisory_index)))
}

//! Scans and findings a scenario writes out: PR scans with their findings, DeepScans
//! with code and SCA findings, and `carry_over` (a later scan of the same pull request or
//! branch reporting an earlier finding again, under the same id).

use jiff::{SignedDuration, Timestamp};

use super::builder::{Builder, TriageTime};
use super::scenario::RepositorySpec;
use super::scenario_history::SeverityMix;
use super::scenario_scans::{CodeFindingSpec, DeepScanSpec, PrFindingSpec, PrScanSpec, ScaFindingSpec, TriageSpec};
use super::synth;
use crate::apis::dryrun::data::{code, hex, pick};
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::finding::{Detail, Finding, FindingKind, FindingsResult, ScaDetail, Severity};
use crate::apis::dryrun::model::scan::{DeepScan, Outcome, PrScan};

pub(crate) fn scans(b: &mut Builder<'_>, repo: usize, spec: &RepositorySpec, at: &str) -> Result<(), String> {
    for (i, scan) in spec.pr_scans.iter().enumerate() {
        pr_scan(b, repo, scan, &format!("{at}.pr_scans[{i}]"))?;
    }
    for (i, scan) in spec.deepscans.iter().enumerate() {
        deepscan(b, repo, scan, &format!("{at}.deepscans[{i}]"))?;
    }
    Ok(())
}

/// The findings a scan spec writes out under `field`, each added by `add` and checked
/// against the contract once the world exists.
fn written<T>(
    b: &mut Builder<'_>,
    repo: usize,
    specs: &[T],
    at: &str,
    field: &str,
    add: fn(&mut Builder<'_>, usize, &T, &str) -> Result<usize, String>,
) -> Result<Vec<usize>, String> {
    let mut added = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let here = format!("{at}.{field}[{i}]");
        let f = add(b, repo, spec, &here)?;
        b.check(here, Entity::Finding(f));
        added.push(f);
    }
    Ok(added)
}

fn no_findings_when_failed(outcome: Outcome, reports: bool, at: &str) -> Result<(), String> {
    if outcome == Outcome::Failed && reports {
        return Err(format!("{at}: a failed scan reports no findings"));
    }
    Ok(())
}

fn pr_scan(b: &mut Builder<'_>, repo: usize, spec: &PrScanSpec, at: &str) -> Result<(), String> {
    let reports = !spec.findings.is_empty() || !spec.carry_over.is_empty() || spec.generated_findings > 0;
    no_findings_when_failed(spec.outcome, reports, at)?;
    let id = b.id(spec.id.as_deref(), at)?;
    let created = b.when(&spec.at, &format!("{at}.at"))?;
    let run = Builder::run(created, b.pr_phases, spec.outcome);
    let mut reported = Vec::new();
    for (i, carried) in spec.carry_over.iter().enumerate() {
        let here = format!("{at}.carry_over[{i}]");
        let f = b.earlier_finding(carried, &here)?;
        let same_pr =
            b.state.pr_scans.iter().any(|s| s.repo == repo && s.pr_number == spec.pr_number && s.findings.contains(&f));
        if !same_pr {
            return Err(format!(
                "{here}: '{carried}' was not reported by an earlier scan of pull request #{}",
                spec.pr_number
            ));
        }
        reported.push(f);
    }
    reported.extend(written(b, repo, &spec.findings, at, "findings", pr_finding)?);
    for _ in 0..spec.generated_findings {
        let severity = synth::severity(b, &SeverityMix::default());
        reported.push(synth::pr_finding(b, repo, severity, None)?);
    }
    let resource = pick(&mut b.rng, code::resources()).as_str();
    let generated = code::pull_request(&mut b.rng, resource);
    // Names not written fit those written, or repeat an earlier scan of the same pull request.
    let earlier = b.state.pr_scans.iter().rev().find(|s| s.repo == repo && s.pr_number == spec.pr_number);
    let fallback = earlier.map_or(generated, |s| (s.pr_title.clone(), s.head_branch.clone()));
    let (title, branch) = code::fitting(spec.pr_title.as_deref(), spec.head_branch.as_deref(), fallback);
    let author = spec.author.clone().unwrap_or_else(|| pick(&mut b.rng, code::authors()).clone());
    let head_sha = spec.head_sha.clone().unwrap_or_else(|| hex(&mut b.rng, 40));
    // Without one of its own, the summary is written from the findings when shown.
    let summary = spec.summary.clone();
    let repository = &b.state.repositories[repo];
    b.state.pr_scans.push(PrScan {
        id,
        account: repository.account,
        repo,
        pr_number: spec.pr_number,
        pr_title: title,
        pr_status: spec.pr_status,
        author,
        head_branch: branch,
        base_branch: spec.base_branch.clone().unwrap_or_else(|| repository.default_branch.clone()),
        head_sha,
        run,
        summary,
        findings: reported,
    });
    b.check(at.to_string(), Entity::PrScan(b.state.pr_scans.len() - 1));
    Ok(())
}

fn pr_finding(b: &mut Builder<'_>, repo: usize, spec: &PrFindingSpec, at: &str) -> Result<usize, String> {
    let account = b.state.repositories[repo].account;
    let policy = match &spec.policy {
        Some(name) => Some(
            (0..b.state.policies.len())
                .find(|&p| {
                    let policy = &b.state.policies[p];
                    policy.account == account && (policy.name == *name || policy.id.eq_ignore_ascii_case(name))
                })
                .ok_or_else(|| format!("{at}.policy: no custom policy '{name}' in this account"))?,
        ),
        None => None,
    };
    let line_end = spec.line_end.unwrap_or(spec.line_start);
    if line_end < spec.line_start {
        return Err(format!("{at}.line_end: ends before line_start"));
    }
    let detail = Detail::Pr {
        label: spec.label.as_deref().map(std::sync::Arc::from),
        confidence: spec.confidence,
        filename: spec.filename.clone(),
        line_start: spec.line_start,
        line_end,
        meta: spec.meta.clone().map(std::sync::Arc::new),
        result: spec.findings_result.unwrap_or_else(|| FindingsResult::for_severity(spec.severity)),
        policy,
    };
    let kind = if policy.is_some() { FindingKind::CodePolicy } else { FindingKind::Pullrequest };
    finding(
        b,
        repo,
        spec.id.as_deref(),
        kind,
        spec.severity,
        &spec.title,
        &spec.description,
        detail,
        spec.triage.as_ref(),
        at,
    )
}

#[allow(clippy::too_many_arguments)]
fn finding(
    b: &mut Builder<'_>,
    repo: usize,
    id: Option<&str>,
    kind: FindingKind,
    severity: Severity,
    title: &str,
    description: &str,
    detail: Detail,
    triage: Option<&TriageSpec>,
    at: &str,
) -> Result<usize, String> {
    let id = b.id(id, at)?;
    let f = b.add_finding(Finding {
        id: id.clone(),
        account: b.state.repositories[repo].account,
        repo,
        kind,
        severity,
        title: title.into(),
        description: description.to_string().into(),
        created_at: Timestamp::MAX,
        detail,
        triage: None,
        triage_updated_at: None,
    });
    b.named.insert(id, f);
    if let Some(triage) = triage {
        let when = match &triage.at {
            Some(t) => TriageTime::At(b.when(t, &format!("{at}.triage.at"))?),
            None => TriageTime::AfterAppearing(SignedDuration::ZERO),
        };
        b.triage.push((f, triage.category, when));
    }
    Ok(f)
}

fn deepscan(b: &mut Builder<'_>, repo: usize, spec: &DeepScanSpec, at: &str) -> Result<(), String> {
    let reports = !spec.findings.is_empty()
        || !spec.sca.is_empty()
        || !spec.carry_over.is_empty()
        || spec.generated_findings > 0
        || spec.generated_sca > 0;
    no_findings_when_failed(spec.outcome, reports, at)?;
    let id = b.id(spec.id.as_deref(), at)?;
    let created = b.when(&spec.at, &format!("{at}.at"))?;
    let run = Builder::run(created, b.deep_phases, spec.outcome);
    let default_branch = b.state.repositories[repo].default_branch.clone();
    let branch = match &spec.branch {
        None => Some(default_branch.clone()),
        Some(recorded) => recorded.clone(),
    };
    let lineage = branch.clone().unwrap_or_else(|| default_branch.clone());
    let commit_sha = match &spec.commit_sha {
        None => Some(hex(&mut b.rng, 40)),
        Some(recorded) => recorded.clone(),
    };
    let (mut code_list, mut sca_list) = (Vec::new(), Vec::new());
    for (i, carried) in spec.carry_over.iter().enumerate() {
        let here = format!("{at}.carry_over[{i}]");
        let f = b.earlier_finding(carried, &here)?;
        let same_branch = b.state.deepscans.iter().any(|s| {
            s.repo == repo
                && s.branch.clone().unwrap_or_else(|| default_branch.clone()) == lineage
                && (s.code.contains(&f) || s.sca.contains(&f))
        });
        if !same_branch {
            return Err(format!("{here}: '{carried}' was not reported by an earlier DeepScan of branch '{lineage}'"));
        }
        if b.state.findings[f].kind == FindingKind::Sca { sca_list.push(f) } else { code_list.push(f) }
    }
    code_list.extend(written(b, repo, &spec.findings, at, "findings", code_finding)?);
    sca_list.extend(written(b, repo, &spec.sca, at, "sca", sca_finding)?);
    for _ in 0..spec.generated_findings {
        let severity = synth::severity(b, &SeverityMix::default());
        code_list.push(synth::code_finding(b, repo, severity)?);
    }
    let mut advisories = Vec::new();
    for _ in 0..spec.generated_sca {
        if let Some((f, advisory)) = synth::sca_finding(b, repo, &advisories)? {
            advisories.push(advisory);
            sca_list.push(f);
        }
    }
    b.state.deepscans.push(DeepScan {
        id,
        account: b.state.repositories[repo].account,
        repo,
        branch,
        commit_sha,
        kind: spec.kind,
        run,
        code: code_list,
        sca: sca_list,
    });
    b.check(at.to_string(), Entity::DeepScan(b.state.deepscans.len() - 1));
    Ok(())
}

fn code_finding(b: &mut Builder<'_>, repo: usize, spec: &CodeFindingSpec, at: &str) -> Result<usize, String> {
    let detail = Detail::Code {
        technical_details: spec.technical_details.clone(),
        impact: spec.impact.clone(),
        remediation: spec.remediation.clone(),
        locations: spec.locations.clone(),
    };
    finding(
        b,
        repo,
        spec.id.as_deref(),
        FindingKind::Deepscan,
        spec.severity,
        &spec.title,
        &spec.description,
        detail,
        spec.triage.as_ref(),
        at,
    )
}

fn sca_finding(b: &mut Builder<'_>, repo: usize, spec: &ScaFindingSpec, at: &str) -> Result<usize, String> {
    let advisory = spec.cve_id.clone().unwrap_or_else(|| "a published advisory".into());
    let title = spec.title.clone().unwrap_or_else(|| format!("{}: {advisory}", spec.package_name));
    let description = spec
        .description
        .clone()
        .unwrap_or_else(|| format!("{} {} is affected by {advisory}.", spec.package_name, spec.package_version));
    let detail = Detail::Sca(Box::new(ScaDetail {
        package_name: spec.package_name.clone(),
        package_version: spec.package_version.clone(),
        ecosystem: spec.package_ecosystem.clone(),
        cve_id: spec.cve_id.clone(),
        cvss_score: spec.cvss_score,
        cvss_vector: spec.cvss_vector.clone(),
        fixed_version: spec.fixed_version.clone(),
        remediation: spec.remediation.clone(),
        references: spec.references.clone(),
        locations: spec.locations.clone(),
    }));
    finding(
        b,
        repo,
        spec.id.as_deref(),
        FindingKind::Sca,
        spec.severity,
        &title,
        &description,
        detail,
        spec.triage.as_ref(),
        at,
    )
}

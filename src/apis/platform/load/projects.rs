//! A user's projects, their repositories (ingested before the start unless added just
//! now) and each repository's scan history.

use jiff::SignedDuration;

use super::Loader;
use super::section::{ProjectInput, RepoInput, seconds};
use crate::apis::platform::model::ingest::{Source, begin};
use crate::apis::platform::model::scan_start::{ScanRequest, plan};
use crate::apis::platform::model::state::{Project, Repository};

pub(crate) fn project(l: &mut Loader, owner: &str, input: &ProjectInput, at: &str) -> Result<(), String> {
    let taken = l.state.projects.iter().any(|p| p.owner == owner && p.name == input.name);
    if taken {
        return Err(format!("{at}.name: the user already has a project named {:?}", input.name));
    }
    let id = l.id(input.id.as_ref(), at)?;
    let created_at = l.ago(input.created_ago.as_ref(), &format!("{at}.created_ago"))?;
    l.state.projects.push(Project {
        id: id.clone(),
        owner: owner.to_string(),
        name: input.name.clone(),
        description: input.description.clone(),
        created_at,
        updated_at: created_at,
    });
    for (r, repo) in input.repositories.iter().enumerate() {
        repository(l, owner, &id, repo, &format!("{at}.repositories[{r}]"))?;
    }
    Ok(())
}

fn repository(l: &mut Loader, owner: &str, project: &str, input: &RepoInput, at: &str) -> Result<(), String> {
    if l.state.repositories_in(project).any(|r| r.name == input.name) {
        return Err(format!("{at}.name: the project already has a repository named {:?}", input.name));
    }
    let id = l.id(input.id.as_ref(), at)?;
    let created_at = l.ago(input.created_ago.as_ref(), &format!("{at}.created_ago"))?;
    let source = Source {
        name: &input.name,
        source_type: input.source_type,
        url: input.source_url.as_deref(),
        branch: input.branch.as_deref(),
        language: input.language.as_deref(),
    };
    let ingest = begin(&l.state.timing, &l.state.unreachable_urls, &source, created_at);
    let repo = Repository {
        id: id.clone(),
        project: project.to_string(),
        name: input.name.clone(),
        description: input.description.clone(),
        source_type: input.source_type,
        source_url: input.source_url.clone(),
        branch: input.branch.clone(),
        git_upload_id: None,
        upload_filename: None,
        ingest,
        threat_profile: None,
        created_at,
        updated_at: created_at,
    };
    for (s, scan) in input.scans.iter().enumerate() {
        let sat = format!("{at}.scans[{s}]");
        let started = l.ago(Some(&scan.ago), &format!("{sat}.ago"))?;
        if started < repo.ingest.finished_at || repo.ingest.failure.is_some() {
            return Err(format!("{sat}.ago: the repository's snapshot is not ready then"));
        }
        let asked = ScanRequest { analyzers: scan.analyzers.clone(), depth: scan.depth, ..ScanRequest::default() };
        let mut planned = plan(
            l.id(scan.id.as_ref(), &sat)?,
            &repo,
            owner,
            asked,
            l.state.timing,
            &l.state.failing_analyzers,
            started,
        )?;
        if let Some(after) = &scan.cancelled_after {
            let secs = seconds(after).map_err(|e| format!("{sat}.cancelled_after: {e}"))?;
            planned.cancelled_at = Some(started + SignedDuration::from_secs(secs));
        }
        let busy = l.state.scans_of(&id).any(|other| other.status(started).in_progress());
        if busy {
            return Err(format!("{sat}.ago: another scan of the repository is still in progress then"));
        }
        l.state.scans.push(planned);
    }
    l.state.repositories.push(repo);
    Ok(())
}

//! Repositories: the organisation's Kolega repositories, each grouping one or more source
//! repositories. Listed newest first; archived ones only on request, but reachable by id.

use super::Op;
use crate::apis::kolega::model::repository::Repository;
use crate::apis::kolega::views::page::Page;
use crate::apis::kolega::views::repository::RepositoryView;
use crate::reply::{Answer, Reply};

/// `GET /api/v1/repositories`.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let include_archived = op.call.request.query_bool("include_archived").unwrap_or(false);
    let (skip, limit) = op.window(50);
    let org = op.org_ref();
    let mut repos: Vec<&Repository> =
        org.repositories.iter().map(|r| &**r).filter(|r| include_archived || !r.archived).collect();
    repos.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.name.cmp(&b.name)));
    Ok(Reply::json(200, Page::of(&repos, skip, limit, |r| RepositoryView::new(r))))
}

/// `GET /api/v1/repositories/{repository_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    Ok(Reply::json(200, RepositoryView::new(&op.org_ref().repositories[repo as usize])))
}

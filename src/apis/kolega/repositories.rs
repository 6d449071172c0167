//! Repositories: the organisation's Kolega repositories, each grouping one or more source
//! repositories. Listed newest first; archived ones only on request, but reachable by id.

use serde_json::{Value, json};

use super::Op;
use super::errors::REPOSITORY_NOT_FOUND;
use super::model::repository::Repository;
use super::paging;
use crate::reply::Reply;

pub(crate) fn render(repo: &Repository) -> Value {
    let sources: Vec<Value> = repo
        .sources
        .iter()
        .map(|s| {
            json!({
                "full_name": s.full_name,
                "default_branch": s.default_branch,
                "html_url": s.html_url,
                "provider": s.provider,
            })
        })
        .collect();
    json!({
        "id": repo.id,
        "name": repo.name,
        "description": repo.description,
        "repositories": sources,
        "archived": repo.archived,
        "created_at": repo.created_at,
        "updated_at": repo.updated_at,
    })
}

/// `GET /api/v1/repositories`.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Reply {
    let include_archived = op.call.request.query_bool("include_archived").unwrap_or(false);
    let (skip, limit) = paging::window(op.call.request, 50);
    let org = op.org_ref();
    let mut repos: Vec<&Repository> = org.repositories.iter().filter(|r| include_archived || !r.archived).collect();
    repos.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.name.cmp(&b.name)));
    let items = paging::slice(&repos, skip, limit).iter().map(|r| render(r)).collect();
    Reply::json(200, paging::page(items, repos.len(), skip, limit))
}

/// `GET /api/v1/repositories/{repository_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Reply {
    match op.repository() {
        Some(r) => Reply::json(200, render(&op.org_ref().repositories[r as usize])),
        None => op.call.error(404, REPOSITORY_NOT_FOUND),
    }
}

//! A Kolega repository and the source repositories it groups.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::kolega::model::Provider;
use crate::apis::kolega::model::repository::{Repository, SourceRepo};

#[derive(Debug, Serialize)]
pub(crate) struct RepositoryView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    repositories: Vec<SourceRepoView<'a>>,
    archived: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

#[derive(Debug, Serialize)]
struct SourceRepoView<'a> {
    full_name: &'a str,
    default_branch: &'a str,
    html_url: Option<&'a str>,
    provider: Provider,
}

impl<'a> RepositoryView<'a> {
    pub(crate) fn new(repo: &'a Repository) -> RepositoryView<'a> {
        let source = |s: &'a SourceRepo| SourceRepoView {
            full_name: &s.full_name,
            default_branch: &s.default_branch,
            html_url: s.html_url.as_deref(),
            provider: s.provider,
        };
        RepositoryView {
            id: &repo.id,
            name: &repo.name,
            description: repo.description.as_deref(),
            repositories: repo.sources.iter().map(source).collect(),
            archived: repo.archived,
            created_at: repo.created_at,
            updated_at: repo.updated_at,
        }
    }
}

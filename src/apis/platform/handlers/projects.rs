//! The caller's projects: CRUD with unique names, computed counts and rollups, and a
//! delete that cascades to everything under the project.

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::state::Project;
use crate::apis::platform::views::page::Page;
use crate::apis::platform::views::project::ProjectView;
use crate::reply::{Answer, Reply};

/// `GET /v1/projects/`: newest first, `search` a case-insensitive substring of the name.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let (skip, limit) = op.window(50);
    let search = op.query("search").map(str::to_lowercase);
    let (state, now) = (op.state(), op.now());
    let mut mine: Vec<&Project> = state
        .projects
        .iter()
        .filter(|p| p.owner == op.user)
        .filter(|p| search.as_ref().is_none_or(|s| p.name.to_lowercase().contains(s)))
        .collect();
    mine.reverse();
    mine.sort_by_key(|p| std::cmp::Reverse(p.created_at));
    Ok(Reply::json(200, Page::of(&mine, skip, limit, |p| ProjectView::new(state, p, now))))
}

fn name_taken(op: &Op<'_, '_>, name: &str, except: Option<&str>) -> bool {
    op.state().projects.iter().any(|p| p.owner == op.user && p.name == name && Some(p.id.as_str()) != except)
}

/// `POST /v1/projects/`.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let name = op.body_str("name").unwrap_or_default().to_string();
    if name_taken(op, &name, None) {
        return Err(errors::project_name_taken(op.ctx(), &name));
    }
    let description = op.body_str("description").map(str::to_string);
    let (id, now) = (op.call.uuid(), op.now());
    let project = Project { id, owner: op.user.clone(), name, description, created_at: now, updated_at: now };
    op.call.state.projects.push(project);
    let state = op.state();
    let created = state.projects.last().map(|p| ProjectView::new(state, p, now));
    Ok(Reply::json(201, created))
}

/// `GET /v1/projects/{project_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let state = op.state();
    Ok(Reply::json(200, ProjectView::new(state, &state.projects[p], op.now())))
}

/// `PUT /v1/projects/{project_id}`: a partial update (`name: null` keeps the name,
/// `description: null` clears the description).
pub(crate) fn update(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let id = op.state().projects[p].id.clone();
    let name = op.body_str("name").map(str::to_string);
    if let Some(name) = &name
        && name_taken(op, name, Some(&id))
    {
        return Err(errors::project_name_taken(op.ctx(), name));
    }
    let description = op.body_has("description").then(|| op.body_str("description").map(str::to_string));
    let now = op.now();
    let project = &mut op.call.state.projects[p];
    if let Some(name) = name {
        project.name = name;
    }
    if let Some(description) = description {
        project.description = description;
    }
    project.updated_at = now;
    let state = op.state();
    Ok(Reply::json(200, ProjectView::new(state, &state.projects[p], now)))
}

/// `DELETE /v1/projects/{project_id}`: refused while a scan is in progress, else
/// everything under the project goes with it.
pub(crate) fn delete(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let now = op.now();
    let state = op.state();
    let id = state.projects[p].id.clone();
    let busy = state.scans.iter().filter(|s| s.project_id == id && s.status(now).in_progress()).count();
    if busy > 0 {
        return Err(errors::project_busy(op.ctx(), busy));
    }
    op.call.state.delete_project(&id);
    Ok(Reply::empty(204))
}

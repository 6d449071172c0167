//! One request inside the store transaction, seen from Kolega's side: the caller's
//! organisation and key, and the lookups every handler repeats, in the order the contract
//! fixes (repository 404 before scan/finding/fix 404). Every lookup is scoped to the
//! caller's organisation, so another organisation's ids are simply unknown.

use super::errors::{FINDING_NOT_FOUND, FIX_NOT_FOUND, REPOSITORY_NOT_FOUND, SCAN_NOT_FOUND};
use super::model::state::{KolegaState, Organization};
use crate::reply::Reply;
use crate::world::Call;

/// A path id that names nothing of the caller's organisation; holds the 404 message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NotFound(pub(crate) &'static str);

pub(crate) struct Op<'c, 'a> {
    pub(crate) call: &'c mut Call<'a, KolegaState>,
    org: usize,
    key: usize,
}

impl<'c, 'a> Op<'c, 'a> {
    /// The caller's organisation and key, as `authenticate` recorded them; `None` if the
    /// world was reset between authentication and handling.
    pub(crate) fn new(call: &'c mut Call<'a, KolegaState>) -> Option<Op<'c, 'a>> {
        let (org, key) = super::auth::caller(call.caller)?;
        let o = call.state.orgs.get(org)?;
        let k = o.keys.get(key)?;
        if call.caller.principal != k.id {
            return None;
        }
        Some(Op { call, org, key })
    }

    pub(crate) fn org(&self) -> usize {
        self.org
    }

    pub(crate) fn org_ref(&self) -> &Organization {
        &self.call.state.orgs[self.org]
    }

    pub(crate) fn org_mut(&mut self) -> &mut Organization {
        &mut self.call.state.orgs[self.org]
    }

    pub(crate) fn key_id(&self) -> String {
        self.org_ref().keys[self.key].id.clone()
    }

    /// The repository in the path.
    pub(crate) fn repository(&self) -> Option<u32> {
        self.org_ref().repo(self.call.request.path_param("repository_id")?)
    }

    /// The contract's 404 for `missing`.
    pub(crate) fn not_found(&self, missing: NotFound) -> Reply {
        self.call.error(404, missing.0)
    }

    fn repository_or_404(&self) -> Result<u32, NotFound> {
        self.repository().ok_or(NotFound(REPOSITORY_NOT_FOUND))
    }

    /// The repository's scan batch in the path.
    pub(crate) fn batch(&self) -> Result<u32, NotFound> {
        let repo = self.repository_or_404()?;
        let id = self.call.request.path_param("scan_id").unwrap_or_default();
        self.org_ref().batch_of(repo, id).ok_or(NotFound(SCAN_NOT_FOUND))
    }

    /// The repository's finding in the path.
    pub(crate) fn finding(&self) -> Result<u32, NotFound> {
        let repo = self.repository_or_404()?;
        let id = self.call.request.path_param("finding_id").unwrap_or_default();
        self.org_ref().finding_of(repo, id).ok_or(NotFound(FINDING_NOT_FOUND))
    }

    /// The repository's fix in the path.
    pub(crate) fn fix(&self) -> Result<u32, NotFound> {
        let repo = self.repository_or_404()?;
        let id = self.call.request.path_param("fix_id").unwrap_or_default();
        self.org_ref().fix_of(repo, id).ok_or(NotFound(FIX_NOT_FOUND))
    }
}

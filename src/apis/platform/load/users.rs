//! Users and their API keys, as the scenario names them.

use jiff::SignedDuration;

use super::Loader;
use super::section::{UserInput, seconds};
use crate::apis::platform::model::state::{ApiKey, User};
use crate::apis::platform::model::{Group, scopes_of};

/// Adds the user at `at` (with its keys) and answers its id.
pub(crate) fn user(l: &mut Loader, input: &UserInput, at: &str) -> Result<String, String> {
    if l.state.users.iter().any(|u| u.email.eq_ignore_ascii_case(&input.email)) {
        return Err(format!("{at}.email: {} is already another user's", input.email));
    }
    if !input.email.contains('@') {
        return Err(format!("{at}.email: {:?} is not an email address", input.email));
    }
    let id = l.id(input.id.as_ref(), at)?;
    let mut groups = vec![Group::Users];
    if input.groups.contains(&Group::Ops) {
        groups.push(Group::Ops);
    }
    let held = scopes_of(&groups);
    let created_at = l.ago(input.created_ago.as_ref(), &format!("{at}.created_ago"))?;
    for (k, key) in input.api_keys.iter().enumerate() {
        let kat = format!("{at}.api_keys[{k}]");
        let well_formed = key.key.len() == 44
            && key.key.starts_with("spk_")
            && key.key[4..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !well_formed {
            return Err(format!("{kat}.key: spk_ followed by 40 URL-safe characters"));
        }
        if l.state.api_keys.iter().any(|other| other.key == key.key) {
            return Err(format!("{kat}.key: already another key's"));
        }
        if let Some(scope) = key.scopes.iter().find(|s| !held.contains(s)) {
            return Err(format!("{kat}.scopes: the user does not hold {}", scope.as_str()));
        }
        let key_created = l.ago(key.created_ago.as_ref(), &format!("{kat}.created_ago"))?;
        let expires_at = match &key.expires_in {
            Some(text) => {
                let secs = seconds(text).map_err(|e| format!("{kat}.expires_in: {e}"))?;
                Some(key_created + SignedDuration::from_secs(secs))
            }
            None => None,
        };
        let mut scopes = key.scopes.clone();
        scopes.sort();
        scopes.dedup();
        let api_key = ApiKey {
            id: l.id(key.id.as_ref(), &kat)?,
            user: id.clone(),
            name: key.name.clone(),
            key: key.key.clone(),
            scopes,
            created_at: key_created,
            expires_at,
            last_used_at: None,
        };
        l.state.api_keys.push(api_key);
    }
    l.state.users.push(User {
        id: id.clone(),
        email: input.email.clone(),
        password: input.password.clone(),
        full_name: input.name.clone(),
        groups,
        is_active: input.active,
        created_at,
        last_login_at: None,
    });
    Ok(id)
}

//! Decoded parameters, remembered. Decoding an operation's parameters (percent-decoding,
//! styles, coercion, schema checks, defaults) reads nothing but the operation, the path
//! parameters as routed, the raw query string and the values of the declared header and
//! cookie parameters, and is a pure function of them; clients send the same few requests
//! over and over (a list polled, a page refreshed). It cost ~18 K instructions of a list
//! request (benches/callgrind_lists.sh, issue 14); a remembered result costs building
//! its key. The decoded values are shared with the request, not copied (a copy of their
//! maps was ~2.3 K instructions of a list request).
//!
//! The memo belongs to one API's contract (`engine::ApiRuntime`, shared by every world
//! like the verdict memo): an operation is named by its address in that contract's spec,
//! which lives as long as the memo. Bounded in entries and bytes, emptied when full; a
//! request whose key would be large (a long query) is decoded without being remembered.

use std::sync::Arc;

use super::params::{self, ParamValues, RawParams};
use super::problem::RequestProblem;
use crate::memo::Bounded;
use crate::spec::{ApiSpec, Operation, ParamLocation};

/// How many decoded requests are kept, and how many bytes of keys.
const CAPACITY: usize = 4096;
const KEY_BUDGET: usize = 4 * 1024 * 1024;
/// A key longer than this is not remembered (nor is its request's decoding).
const LONGEST_KEY: usize = 2048;
/// Starts each part of a key (each part also gives its length: the key is unambiguous
/// whatever bytes a value holds).
const PART: u8 = 0xFF;

type Decoded = Arc<(Arc<ParamValues>, Vec<RequestProblem>)>;

/// Decoded parameters by operation and raw input.
#[derive(Debug)]
pub struct ParamMemo {
    kept: Bounded<Box<[u8]>, Decoded>,
}

impl Default for ParamMemo {
    fn default() -> Self {
        ParamMemo { kept: Bounded::new(CAPACITY, KEY_BUDGET) }
    }
}

impl ParamMemo {
    /// `params::decode(spec, op, raw)`, remembered.
    pub(crate) fn decode(
        &self,
        spec: &ApiSpec,
        op: &Operation,
        raw: &RawParams<'_>,
    ) -> (Arc<ParamValues>, Vec<RequestProblem>) {
        let decode = || params::decode(spec, op, raw);
        let Some(key) = key(op, raw) else { return decode() };
        if let Some(found) = self.kept.get(&key[..]) {
            #[cfg(debug_assertions)]
            check_fresh(&found, &decode());
            return (found.0.clone(), found.1.clone());
        }
        let decoded = decode();
        let size = key.len();
        self.kept.keep(key.into_boxed_slice(), Arc::new(decoded.clone()), size);
        decoded
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.usage().0
    }
}

/// Everything decoding reads, as bytes: the operation, each routed path parameter, the
/// raw query, and each declared header parameter's value (and the cookies, when a
/// cookie parameter is declared). `None` when it would be too long to keep.
fn key(op: &Operation, raw: &RawParams<'_>) -> Option<Vec<u8>> {
    let mut key = Vec::with_capacity(64 + raw.query.len());
    key.extend_from_slice(&(op as *const Operation as usize).to_le_bytes());
    for (name, value) in raw.path {
        part(&mut key, b'p', name.as_bytes());
        part(&mut key, b'v', value.as_bytes());
    }
    part(&mut key, b'q', raw.query.as_bytes());
    let mut cookies = false;
    for param in &op.parameters {
        match param.location {
            ParamLocation::Header if params::ignored_header(&param.name) => {}
            ParamLocation::Header => match raw.headers.get(param.name.as_str()) {
                Some(value) => part(&mut key, b'h', value.as_bytes()),
                None => part(&mut key, b'n', b""),
            },
            ParamLocation::Cookie => cookies = true,
            ParamLocation::Path | ParamLocation::Query => {}
        }
    }
    if cookies {
        for value in raw.headers.get_all(http::header::COOKIE) {
            part(&mut key, b'c', value.as_bytes());
        }
    }
    (key.len() <= LONGEST_KEY).then_some(key)
}

/// A part of the key: a separator, what it is, its length and its bytes (the length
/// makes the key unambiguous whatever the bytes hold).
fn part(key: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
    key.push(PART);
    key.push(tag);
    key.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    key.extend_from_slice(bytes);
}

/// A remembered decoding must be what decoding gives now: a key that missed one of its
/// inputs would hand a request another's values. Checked on every hit in debug builds.
#[cfg(debug_assertions)]
fn check_fresh(found: &(Arc<ParamValues>, Vec<RequestProblem>), fresh: &(Arc<ParamValues>, Vec<RequestProblem>)) {
    assert!(
        found == fresh,
        "remembered parameters are stale: the memo's key misses an input\nremembered: {found:?}\nnow: {fresh:?}"
    );
}

#[cfg(test)]
mod tests;

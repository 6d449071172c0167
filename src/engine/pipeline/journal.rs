//! What the journal keeps of one request and its answer: credentials redacted (also
//! under the header names the contract gives its API keys), everything cut to size.

use std::borrow::Cow;
use std::time::Instant;

use http::request::Parts;

use super::{Answer, BODY_STORED, RESPONSE_BODY_STORED, URL_PART_STORED};
use crate::contract::Violation;
use crate::engine::Engine;
use crate::reply::Body;
use crate::world::JournalResponse;
use crate::world::journal::{
    JournalEntry, MAX_HEADER_VALUE, MAX_HEADERS, clip, clip_bytes, clip_cow, redact, redact_header,
};

impl Engine {
    pub(super) fn record(
        &self,
        parts: &Parts,
        answer: &Answer<'_>,
        violations: &[Violation],
        query: String,
        arrived: jiff::Timestamp,
        started: Instant,
    ) {
        let mut headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .take(MAX_HEADERS)
            .map(|(k, v)| {
                // A header the contract names as an API key is a secret whatever it is called.
                let declared = self.api.spec.security_schemes.values().any(|scheme| {
                    matches!(scheme, crate::spec::SecurityScheme::ApiKey { name, .. } if name.eq_ignore_ascii_case(k.as_str()))
                });
                let name = if declared { "x-api-key" } else { k.as_str() };
                let text = String::from_utf8_lossy(v.as_bytes());
                let value = match redact_header(name, &text) {
                    Cow::Borrowed(_) => text,
                    redacted => Cow::Owned(redacted.into_owned()),
                };
                (k.as_str().to_string(), clip_cow(value, MAX_HEADER_VALUE))
            })
            .collect();
        if parts.headers.len() > MAX_HEADERS {
            let left_out = parts.headers.len() - MAX_HEADERS;
            headers.push(("x-secmock-journal".into(), format!("{left_out} more headers not stored")));
        }
        let body = answer.body.as_ref().filter(|b| !b.is_empty()).map(|b| clip_bytes(b, BODY_STORED));
        let reply = &answer.reply;
        // The media type goes on the wire from the body; the journal shows it as a header.
        let media_type = reply
            .body
            .content_type()
            .filter(|_| !reply.headers.contains_key(http::header::CONTENT_TYPE))
            .map(|ct| ("content-type".to_string(), ct.to_string()));
        let response = JournalResponse {
            headers: media_type
                .into_iter()
                .chain(reply.headers.iter().take(MAX_HEADERS).map(|(k, v)| {
                    // An answer may carry a credential too: a proxied upstream's session cookie.
                    let text = String::from_utf8_lossy(v.as_bytes());
                    let value =
                        if k == http::header::SET_COOKIE { Cow::Owned(redact(k.as_str(), &text)) } else { text };
                    (k.as_str().to_string(), clip_cow(value, MAX_HEADER_VALUE))
                }))
                .collect(),
            body: match &reply.body {
                _ if reply.status.is_success() => None,
                Body::Bytes { bytes, .. } if !bytes.is_empty() => Some(clip_bytes(bytes, RESPONSE_BODY_STORED)),
                Body::Json { value, .. } => Some(clip(&value.to_string(), RESPONSE_BODY_STORED)),
                _ => None,
            },
        };
        self.world.journal.record(JournalEntry {
            id: 0,
            api: self.api.name().to_string(),
            at: arrived,
            method: parts.method.to_string(),
            path: clip(parts.uri.path(), URL_PART_STORED),
            query,
            status: answer.reply.status.as_u16(),
            latency_us: started.elapsed().as_micros() as u64,
            operation_id: answer.operation_id.clone(),
            headers,
            body,
            violations: violations.to_vec(),
            fault: answer.fault.clone(),
            response,
            problems: answer.problems.clone(),
            near_misses: answer.near_misses.clone(),
            upstream: answer.upstream.clone(),
            stub: answer.stub,
        });
    }
}

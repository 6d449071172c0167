//! String `format`s: values for them (UUIDs, instants near the anchor, e-mails, URLs, ...),
//! which property-name hints may stand in for them, and the light checks the validator
//! enforces.

use fake::Fake;
use rand::{Rng, RngExt};

use super::util::pick_str;
use super::vocabulary::{self as vocab, Hint};
use super::{Generator, WINDOW_SECONDS};

impl<'d> Generator<'d> {
    /// A value for a string `format`; `None` for formats that put no shape on the string.
    pub(super) fn format_value<R: Rng + ?Sized>(
        &self,
        format: &str,
        hint: Option<Hint>,
        rng: &mut R,
    ) -> Option<String> {
        Some(match format {
            "uuid" => self.uuid(rng),
            "date-time" => self.timestamp(rng).to_string(),
            "date" => self.timestamp(rng).strftime("%Y-%m-%d").to_string(),
            "time" => self.timestamp(rng).strftime("%H:%M:%SZ").to_string(),
            "email" | "idn-email" => self.hint_value(Hint::Email, rng),
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => match hint {
                Some(h @ (Hint::Url | Hint::Purl | Hint::WebhookUrl)) => self.hint_value(h, rng),
                _ => self.hint_value(Hint::Url, rng),
            },
            "hostname" | "idn-hostname" => self.hint_value(Hint::Hostname, rng),
            "ipv4" => self.hint_value(Hint::Ip, rng),
            "ipv6" => {
                let groups: Vec<String> = (0..8).map(|_| format!("{:x}", rng.random::<u16>())).collect();
                groups.join(":")
            }
            "byte" => {
                let len = rng.random_range(8..24);
                let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
                base64(&bytes)
            }
            "binary" => {
                let words: Vec<String> = fake::faker::lorem::en::Words(3..8).fake_with_rng(rng);
                words.join(" ")
            }
            "password" => fake::faker::internet::en::Password(12..20).fake_with_rng::<String, _>(rng),
            "duration" => format!("P{}DT{}H", rng.random_range(0..30), rng.random_range(0..24)),
            "json-pointer" => format!("/{}/{}", pick_str(rng, vocab::MAP_KEYS), rng.random_range(0..10)),
            "relative-json-pointer" => format!("{}/{}", rng.random_range(0..3), pick_str(rng, vocab::MAP_KEYS)),
            "regex" => "^[a-z0-9-]+$".to_owned(),
            "uri-template" => format!("https://{}/api/v1/{{id}}", pick_str(rng, vocab::URL_HOSTS)),
            "int32" | "int64" => rng.random_range(0..100_000).to_string(),
            _ => return None,
        })
    }

    pub(super) fn uuid<R: Rng + ?Sized>(&self, rng: &mut R) -> String {
        let bytes: [u8; 16] = rng.random();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    /// An instant in the ~90 days before the anchor, never after it.
    pub(super) fn timestamp<R: Rng + ?Sized>(&self, rng: &mut R) -> jiff::Timestamp {
        let back = rng.random_range(0..=WINDOW_SECONDS);
        let ts = jiff::Timestamp::from_second(self.anchor.as_second().saturating_sub(back)).unwrap_or(self.anchor);
        if ts > self.anchor { self.anchor } else { ts }
    }
}

/// Whether a hinted value may stand in for a `format` (an URL for `uri`, ...).
pub(super) fn format_accepts_hint(format: &str, hint: Hint) -> bool {
    match format {
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
            matches!(hint, Hint::Url | Hint::Purl | Hint::WebhookUrl)
        }
        "email" | "idn-email" => hint == Hint::Email,
        "hostname" | "idn-hostname" => hint == Hint::Hostname,
        "ipv4" => hint == Hint::Ip,
        "uuid" => hint == Hint::Uuid,
        "date-time" => hint == Hint::Timestamp,
        "password" => hint == Hint::Token,
        // Formats that put no shape on the string (and unknown ones) take any hint.
        "binary"
        | "byte"
        | "int32"
        | "int64"
        | "duration"
        | "json-pointer"
        | "relative-json-pointer"
        | "regex"
        | "uri-template"
        | "date"
        | "time"
        | "ipv6" => false,
        _ => true,
    }
}

/// A light check of the formats the validator enforces.
pub(super) fn format_ok(format: &str, s: &str) -> bool {
    match format {
        "uuid" => s.len() == 36 && uuid::Uuid::try_parse(s).is_ok(),
        "date-time" => s.parse::<jiff::Timestamp>().is_ok() && s.len() >= 20,
        "date" => s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok(),
        "email" | "idn-email" => {
            s.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !s.contains(' '))
        }
        "uri" | "iri" | "url" => {
            let scheme = s.split_once(':').map(|(sc, _)| sc).unwrap_or("");
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !s.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '\\')
        }
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "hostname" => {
            !s.is_empty()
                && s.len() <= 253
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        }
        _ => true,
    }
}

pub(super) fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(TABLE[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

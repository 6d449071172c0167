//! Ids, secrets and digests. Ids of things that follow from others (a scan's findings,
//! a snapshot's commit) derive from what they belong to, so they come out the same however
//! requests and clock moves interleave; secrets handed to a client (tokens, keys) are drawn
//! from the store's seeded RNG.

use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::generate::fingerprint;
use crate::world::new_uuid;

/// A version-4 UUID derived from `parts`.
pub(crate) fn uuid_from(parts: &[&[u8]]) -> String {
    new_uuid(&mut ChaCha8Rng::seed_from_u64(fingerprint(parts)))
}

/// `len` URL-safe characters (`A-Za-z0-9_-`), as tokens and API keys are made of.
pub(crate) fn url_safe(rng: &mut ChaCha8Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    (0..len).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// SHA-256 of `bytes`, lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A 40-hex commit sha derived from `parts`.
pub(crate) fn commit_sha(parts: &[&[u8]]) -> String {
    let joined: Vec<u8> = parts.iter().flat_map(|p| p.iter().copied().chain([0u8])).collect();
    sha256_hex(&joined)[..40].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_digests_are_sha256() {
        assert_eq!(uuid_from(&[b"a"]), uuid_from(&[b"a"]));
        assert_ne!(uuid_from(&[b"a"]), uuid_from(&[b"b"]));
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(commit_sha(&[b"x"]).len(), 40);
        let key = url_safe(&mut ChaCha8Rng::seed_from_u64(1), 40);
        assert!(key.len() == 40 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
    }
}

//! Ids and random draws that derive from what they belong to (a batch's findings from the
//! batch id, an event's id from its organisation and sequence) rather than from the
//! store's shared RNG, so they come out the same however requests and clock moves
//! interleave. The seeds themselves descend from ids the seeded store RNG issued.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::world::new_uuid;

pub(crate) use crate::generate::fingerprint;

/// A generator seeded by `parts`.
pub(crate) fn rng_for(parts: &[&[u8]]) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(fingerprint(parts))
}

/// A version-4 UUID derived from `parts`.
pub(crate) fn uuid_from(parts: &[&[u8]]) -> String {
    new_uuid(&mut rng_for(parts))
}

/// `bytes` random bytes as lowercase hex.
pub(crate) fn hex(rng: &mut ChaCha8Rng, bytes: usize) -> String {
    use rand::RngExt;
    (0..bytes).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

/// `len` random letters and digits.
pub(crate) fn alphanumeric(rng: &mut ChaCha8Rng, len: usize) -> String {
    use rand::RngExt;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        assert_eq!(uuid_from(&[b"a", b"1"]), uuid_from(&[b"a", b"1"]));
        assert_ne!(uuid_from(&[b"a", b"1"]), uuid_from(&[b"a", b"2"]));
        assert_eq!(hex(&mut rng_for(&[b"x"]), 20).len(), 40);
    }
}

//! Ids to positions, for the index. DryRun's ids are UUIDs written in lowercase (every
//! generated or scenario-given id is), so those are kept as the 128-bit number they spell:
//! 24 bytes an entry instead of ~90 for a `String` key, and no 36-byte string hashed per
//! lookup. An id in any other form (an imported snapshot may hold one) is kept as text,
//! and a lookup matches exactly what was stored, as a map of strings would.

use std::collections::HashMap;

/// Ids to positions.
#[derive(Debug, Default)]
pub(crate) struct IdMap {
    uuids: HashMap<u128, usize>,
    other: HashMap<String, usize>,
}

impl IdMap {
    /// The positions of `ids`, in order (the last of equal ids wins, as in a `HashMap`).
    pub(crate) fn of<'a>(ids: impl Iterator<Item = &'a str>) -> IdMap {
        let mut map = IdMap::default();
        // Sized once (the ids come from a list, whose length is known): growing a map of
        // 100k ids rehashed it seventeen times.
        map.uuids.reserve(ids.size_hint().0);
        for (position, id) in ids.enumerate() {
            match lowercase_uuid(id) {
                Some(n) => map.uuids.insert(n, position),
                None => map.other.insert(id.to_string(), position),
            };
        }
        map
    }

    pub(crate) fn get(&self, id: &str) -> Option<&usize> {
        match lowercase_uuid(id) {
            Some(n) => self.uuids.get(&n),
            None => self.other.get(id),
        }
    }

    pub(crate) fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}

/// The number a UUID written as 8-4-4-4-12 lowercase hex digits spells; `None` for any
/// other text (uppercase included, so that only the stored spelling matches). Table-driven:
/// it runs for every id of a world when the index is built.
fn lowercase_uuid(id: &str) -> Option<u128> {
    let bytes = id.as_bytes();
    if bytes.len() != 36 || bytes[8] != b'-' || bytes[13] != b'-' || bytes[18] != b'-' || bytes[23] != b'-' {
        return None;
    }
    let mut n: u128 = 0;
    for group in [&bytes[0..8], &bytes[9..13], &bytes[14..18], &bytes[19..23], &bytes[24..36]] {
        for &b in group {
            let digit = HEX[usize::from(b)];
            if digit == NOT_HEX {
                return None;
            }
            n = (n << 4) | u128::from(digit);
        }
    }
    Some(n)
}

const NOT_HEX: u8 = 0xff;

/// Lowercase hex digits to their value; every other byte to `NOT_HEX`.
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_and_other_ids_are_found_only_as_stored() {
        let ids = ["33333333-3333-4333-8333-333333333333", "not-a-uuid", "0F0F0F0F-0000-4000-8000-000000000000"];
        let map = IdMap::of(ids.into_iter());
        for (position, id) in ids.iter().enumerate() {
            assert_eq!(map.get(id), Some(&position), "{id}");
        }
        assert!(!map.contains_key("33333333-3333-4333-8333-33333333333"));
        assert!(!map.contains_key("33333333-3333-4333-8333-33333333333g"));
        assert!(!map.contains_key("333333333333-4333-8333-3333333333333"));
        assert!(!map.contains_key("0f0f0f0f-0000-4000-8000-000000000000"), "stored in uppercase");
        assert_eq!(
            lowercase_uuid("00000000-0000-4000-8000-0000000000ff"),
            Some(0x0000_0000_0000_4000_8000_0000_0000_00ff)
        );
    }
}

//! What is stored of a request: bounded pieces, each cut with a marker that says how much
//! was left out, so that the bytes a journal holds follow from its entry count and not
//! from what callers choose to send.

use super::JournalEntry;

/// The most of one header value that is stored.
pub const MAX_HEADER_VALUE: usize = 1024;
/// The most headers stored per request; the rest are counted in one marker header.
pub const MAX_HEADERS: usize = 64;

/// `text` cut to at most `max` bytes (at a character boundary), with a marker naming how
/// many bytes were left out.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    marked(&text[..end], text.len() - end)
}

/// `clip` of text that may already be owned: stored without another copy when it fits.
pub fn clip_cow(text: std::borrow::Cow<'_, str>, max: usize) -> String {
    if text.len() <= max { text.into_owned() } else { clip(&text, max) }
}

/// Raw bytes (a request body) as stored text: at most `max` bytes are kept, cut before
/// they are decoded, with the same marker as `clip`.
pub fn clip_bytes(bytes: &[u8], max: usize) -> String {
    let kept = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]);
    match bytes.len().checked_sub(max).filter(|&cut| cut > 0) {
        Some(cut) => marked(&kept, cut),
        None => kept.into_owned(),
    }
}

fn marked(kept: &str, cut: usize) -> String {
    format!("{kept}…[truncated {cut} bytes]")
}

/// Roughly what one entry costs in memory: its text plus a fixed overhead per entry and
/// per header (allocation headers, the `VecDeque` slot).
const ENTRY_OVERHEAD: usize = 256;
const PIECE_OVERHEAD: usize = 48;

impl JournalEntry {
    pub(super) fn stored_bytes(&self) -> usize {
        let headers: usize = self.headers.iter().map(|(k, v)| k.len() + v.len() + PIECE_OVERHEAD).sum();
        let violations: usize = self
            .violations
            .iter()
            .map(|v| v.message.len() + v.pointer.len() + v.schema_pointer.len() + v.operation_id.len() + PIECE_OVERHEAD)
            .sum();
        ENTRY_OVERHEAD
            + self.api.len()
            + self.method.len()
            + self.path.len()
            + self.query.len()
            + self.operation_id.as_ref().map_or(0, String::len)
            + self.body.as_ref().map_or(0, String::len)
            + self.fault.as_ref().map_or(0, String::len)
            + headers
            + violations
            + self.response.headers.iter().map(|(k, v)| k.len() + v.len() + PIECE_OVERHEAD).sum::<usize>()
            + self.response.body.as_ref().map_or(0, String::len)
            + self.problems.iter().map(|p| p.len() + PIECE_OVERHEAD).sum::<usize>()
            + self
                .near_misses
                .iter()
                .map(|m| m.method.len() + m.path.len() + m.why.len() + PIECE_OVERHEAD)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_at_a_character_boundary_and_says_how_much() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip_bytes(b"short", 10), "short");
        assert_eq!(clip_bytes(b"0123456789", 4), "0123…[truncated 6 bytes]");
        assert_eq!(clip("ééé", 3), "é…[truncated 4 bytes]");
        assert_eq!(clip(&"a".repeat(2000), 1024), format!("{}…[truncated 976 bytes]", "a".repeat(1024)));
    }
}

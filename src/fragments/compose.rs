//! A page written from fragments, and its digest. The serialiser writes the page into a
//! buffer held by this thread while [`compose`] runs; each fragment it copies in is noted
//! with where it landed and the digest it was rendered with. The page's digest is then
//! XXH3 over the bytes between fragments and the fragments' digests: a function of the
//! page's bytes (equal digests, equal bytes, as with hashing the bytes) that costs a
//! hash of the envelope (~1 KB) instead of the whole page (~50 KB). The response
//! validator keys its remembered verdicts by it (`contract::verdicts`).

use std::cell::RefCell;
use std::io;

use bytes::Bytes;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use xxhash_rust::xxh3::{xxh3_128, xxh3_128_with_seed};

/// Room for a typical list up front: growing from serde_json's 128 bytes to a 50-finding
/// page copied the page ~9 times over (benches/callgrind_lists.sh).
const PAGE_CAPACITY: usize = 64 * 1024;
/// Up to this size an answer is copied into a buffer of its own size.
const SMALL: usize = 16 * 1024;
/// Separates the digest's material from any body's bytes: no JSON text holds 0xFF.
const FRAGMENT_MARK: u8 = 0xFF;
/// And the digest from a hash of a body's bytes, whatever those bytes are (the verdict
/// memo keys both alike).
const DIGEST_SEED: u64 = 0x5EC0_C0F4_A900_0014;

/// A rendered fragment: its JSON and the digest of those bytes.
#[derive(Debug)]
pub(crate) struct Rendered {
    json: Box<RawValue>,
    digest: u128,
}

impl Rendered {
    pub(crate) fn new(json: String) -> Option<Rendered> {
        let digest = xxh3_128(json.as_bytes());
        Some(Rendered { json: RawValue::from_string(json).ok()?, digest })
    }

    pub(crate) fn json(&self) -> &str {
        self.json.get()
    }

    /// Writes the fragment where a value is expected, noting it if a page is composed.
    pub(crate) fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let start = PAGE.with(|p| p.borrow().as_ref().map(|p| p.buf.len()));
        let out = self.json.serialize(serializer)?;
        if let Some(start) = start {
            PAGE.with(|p| {
                if let Some(page) = p.borrow_mut().as_mut() {
                    // Written somewhere else (a serialiser nested in another's value): the
                    // page's bytes are not known to be made of it, so the page has no digest.
                    let len = self.json.get().len();
                    if page.buf.len() == start + len {
                        page.spans.push((start, len, self.digest));
                    } else {
                        page.whole = false;
                    }
                }
            });
        }
        Ok(out)
    }
}

struct Page {
    buf: Vec<u8>,
    /// Where each fragment starts, its length and its digest, in order.
    spans: Vec<(usize, usize, u128)>,
    /// False when a fragment was written outside the buffer.
    whole: bool,
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// Runs `f` while no page is being composed on this thread (a fragment rendered on a miss
/// writes its own string, not the page).
pub(crate) fn outside_page<R>(f: impl FnOnce() -> R) -> R {
    let saved = PAGE.with(|p| p.borrow_mut().take());
    let out = f();
    PAGE.with(|p| *p.borrow_mut() = saved);
    out
}

/// The serialiser's writer while a page is composed: it appends to this thread's buffer.
struct PageWriter;

impl io::Write for PageWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        PAGE.with(|p| match p.borrow_mut().as_mut() {
            Some(page) => {
                page.buf.extend_from_slice(data);
                Ok(data.len())
            }
            None => Err(io::Error::other("no page is being composed")),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `value` as JSON; with the bytes comes the page's digest when the page holds
/// fragments (none otherwise: the bytes are then hashed where needed, as before).
pub(crate) fn compose(value: &impl Serialize) -> Result<(Bytes, Option<u128>), serde_json::Error> {
    let nested = PAGE.with(|p| p.borrow().is_some());
    if nested {
        let mut bytes = Vec::with_capacity(SMALL);
        serde_json::to_writer(&mut bytes, value)?;
        return Ok((bytes.into(), None));
    }
    PAGE.with(|p| {
        *p.borrow_mut() = Some(Page { buf: Vec::with_capacity(PAGE_CAPACITY), spans: Vec::new(), whole: true })
    });
    let written = serde_json::to_writer(PageWriter, value);
    let page = PAGE.with(|p| p.borrow_mut().take());
    written?;
    let Some(page) = page else { return Err(serde_json::Error::io(io::Error::other("the page was lost"))) };
    let digest = (page.whole && !page.spans.is_empty()).then(|| digest(&page.buf, &page.spans));
    let mut bytes = page.buf;
    // A small answer does not keep a page's room while it waits to be sent.
    if bytes.len() <= SMALL {
        bytes.shrink_to_fit();
    }
    Ok((bytes.into(), digest))
}

/// XXH3 over the bytes between fragments, each fragment standing as a mark and its digest
/// (gathered first and hashed at once: fed piece by piece, XXH3 cost five times more).
fn digest(buf: &[u8], spans: &[(usize, usize, u128)]) -> u128 {
    let mut material = Vec::with_capacity(1024 + spans.len() * 24);
    let mut at = 0;
    for &(start, len, fragment) in spans {
        material.extend_from_slice(buf.get(at..start).unwrap_or_default());
        material.push(FRAGMENT_MARK);
        material.extend_from_slice(&fragment.to_le_bytes());
        at = start + len;
    }
    material.extend_from_slice(buf.get(at..).unwrap_or_default());
    xxh3_128_with_seed(&material, DIGEST_SEED)
}

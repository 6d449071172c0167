//! Rendered fragments, remembered. A list of 50 findings is mostly the same 50 findings
//! it was a moment ago, and turning each into JSON (escaping ~1 KB of text, formatting
//! timestamps) was half of what a stateful list cost (benches/lists.sh, issue 14). A
//! view wrapped in [`Memo`] is serialised once per distinct content: the key is a 128-bit
//! hash of everything the view would write (its serde stream, see [`stream_hash`]), so it
//! needs no version kept by the model and cannot go stale: any change in what a view
//! shows is a change of key. The bytes a client receives are the bytes `serde_json`
//! would have written for the view; only how often they are made changes.
//!
//! The memo is one per process, bounded in bytes, and emptied when full (fragments come
//! back). It is content-addressed, so it is shared safely by every API and every world.

mod stream_hash;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

pub(crate) use stream_hash::content_hash;

/// How many bytes of rendered fragments are kept (with ~80 bytes per entry of overhead).
const BUDGET: usize = 16 * 1024 * 1024;
const ENTRY_OVERHEAD: usize = 80;

/// A view whose JSON is rendered once per distinct content.
///
/// ```ignore
/// Reply::json(200, Page::new(findings.map(|f| Memo(FindingView::new(f))).collect(), …))
/// ```
#[derive(Debug)]
pub(crate) struct Memo<T>(pub(crate) T);

impl<T: Serialize> Serialize for Memo<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match FRAGMENTS.rendered(&self.0) {
            Some(raw) => raw.serialize(serializer),
            // Not renderable on its own (a map with non-string keys): as if unwrapped.
            None => self.0.serialize(serializer),
        }
    }
}

static FRAGMENTS: LazyLock<Fragments> = LazyLock::new(|| Fragments::new(BUDGET));

/// Rendered fragments by content hash.
struct Fragments {
    budget: usize,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    bytes: usize,
    by_hash: HashMap<u128, Arc<RawValue>>,
}

impl Fragments {
    fn new(budget: usize) -> Fragments {
        Fragments { budget, kept: Mutex::new(Kept::default()) }
    }

    /// The JSON of `view`, rendered now or remembered.
    fn rendered<T: Serialize + ?Sized>(&self, view: &T) -> Option<Arc<RawValue>> {
        let key = content_hash(view)?;
        if let Some(found) = self.kept.lock().by_hash.get(&key) {
            return Some(found.clone());
        }
        // Rendered outside the lock: two threads may render the same new fragment, which
        // is harmless; holding the lock would serialise every miss.
        let json = serde_json::to_string(view).ok()?;
        let raw: Arc<RawValue> = RawValue::from_string(json).ok()?.into();
        let size = raw.get().len() + ENTRY_OVERHEAD;
        let mut kept = self.kept.lock();
        if kept.bytes + size > self.budget {
            kept.by_hash.clear();
            kept.bytes = 0;
        }
        if size <= self.budget && kept.by_hash.insert(key, raw.clone()).is_none() {
            kept.bytes += size;
        }
        Some(raw)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Serialize)]
    struct View<'a> {
        id: &'a str,
        text: &'a str,
        score: Option<f64>,
        tags: &'a [&'a str],
        extra: serde_json::Value,
    }

    #[test]
    fn a_memoised_view_writes_the_same_bytes_as_the_view() {
        let extra = json!({"a": [1, 2.5, null], "b": "line\nbreak \"quoted\" \u{1} é"});
        let views = [
            View { id: "f1", text: "SQL injection in \"orders\"\t", score: Some(7.5), tags: &["a", "b"], extra },
            View { id: "f1", text: "SQL injection in \"orders\"\t", score: None, tags: &[], extra: json!(null) },
        ];
        for view in &views {
            let plain = serde_json::to_string(view).ok();
            assert_eq!(serde_json::to_string(&Memo(view)).ok(), plain);
            // The second time comes from the memo, and is still the same.
            assert_eq!(serde_json::to_string(&Memo(view)).ok(), plain);
        }
        let list: Vec<Memo<&View<'_>>> = views.iter().map(Memo).collect();
        assert_eq!(serde_json::to_string(&list).ok(), serde_json::to_string(&views).ok());
    }

    #[test]
    fn a_changed_view_is_rendered_again() {
        let extra = json!({});
        let mut text = String::from("open");
        let first =
            serde_json::to_string(&Memo(View { id: "f1", text: &text, score: None, tags: &[], extra: extra.clone() }));
        text.push_str("ed");
        let second = serde_json::to_string(&Memo(View { id: "f1", text: &text, score: None, tags: &[], extra }));
        assert_ne!(first.ok(), second.ok());
    }

    #[test]
    fn a_full_memo_is_emptied_and_keeps_answering() {
        let fragments = Fragments::new(ENTRY_OVERHEAD + 40);
        for i in 0..10 {
            let view = json!({"n": i});
            let raw = fragments.rendered(&view).map(|r| r.get().to_string());
            assert_eq!(raw, Some(format!("{{\"n\":{i}}}")));
        }
        assert!(fragments.kept.lock().bytes <= ENTRY_OVERHEAD + 40);
    }
}

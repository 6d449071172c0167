//! Which watched files changed since the last look, by polling: a file's length and
//! modification time are read on every poll, its contents hashed only when those move, and
//! a change is reported once the file has held still for one poll (an editor that writes a
//! file in two steps, or replaces it by a rename, is seen once, whole).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What a file looks like from outside, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    len: u64,
    modified: Option<SystemTime>,
    /// xxh3 of the contents; `None` while the file cannot be read (between an editor's
    /// delete and its rename).
    contents: Option<u64>,
}

#[derive(Debug)]
struct Watched {
    /// The contents last reported (or seen at start).
    reported: Option<u64>,
    /// What the last poll saw.
    last: Option<Look>,
}

/// The files being watched.
#[derive(Debug, Default)]
pub(super) struct Files {
    files: BTreeMap<PathBuf, Watched>,
}

impl Files {
    /// Starts watching `path` as it is now (no change is reported for what it holds now).
    pub(super) fn watch(&mut self, path: &Path) {
        if self.files.contains_key(path) {
            return;
        }
        let now = look(path, None);
        self.files.insert(path.to_path_buf(), Watched { reported: now.and_then(|l| l.contents), last: now });
    }

    pub(super) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(super) fn is_watched(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// The files whose contents changed and have held still since the last poll. A file
    /// that cannot be read (gone, or mid-rename) is not a change: it is looked at again
    /// on the next poll.
    pub(super) fn poll(&mut self) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for (path, watched) in &mut self.files {
            let now = look(path, watched.last);
            let settled = now.is_some() && now == watched.last;
            watched.last = now;
            let Some(contents) = now.and_then(|l| l.contents) else { continue };
            if settled && watched.reported != Some(contents) {
                watched.reported = Some(contents);
                changed.push(path.clone());
            }
        }
        changed
    }
}

/// The file's look, hashing its contents only when its length or time moved since `before`.
fn look(path: &Path, before: Option<Look>) -> Option<Look> {
    let meta = std::fs::metadata(path).ok()?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some(before) = before
        && before.len == len
        && before.modified == modified
        && modified.is_some()
    {
        return Some(before);
    }
    let contents = std::fs::read(path).ok().map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
    Some(Look { len, modified, contents })
}

#[cfg(test)]
mod tests {
    use crate::reload::files::Files;

    #[test]
    fn a_change_is_reported_once_it_holds_still_and_only_once() {
        let dir = std::env::temp_dir().join(format!("secmock-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("a.yaml");
        std::fs::write(&file, "one").expect("write");
        let mut files = Files::default();
        files.watch(&file);
        assert!(files.poll().is_empty(), "what it held at start is not a change");
        std::fs::write(&file, "two, longer").expect("write");
        assert!(files.poll().is_empty(), "not yet: it may still be being written");
        assert_eq!(files.poll(), vec![file.clone()]);
        assert!(files.poll().is_empty(), "reported once");
        std::fs::remove_file(&file).expect("remove");
        assert!(files.poll().is_empty(), "a file that is gone is not a change");
        std::fs::write(&file, "two, longer").expect("write");
        files.poll();
        assert!(files.poll().is_empty(), "back as it was: nothing changed");
        std::fs::write(&file, "three!").expect("write");
        files.poll();
        assert_eq!(files.poll(), vec![file.clone()]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

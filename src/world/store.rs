//! The store boundary. Every read and write of an API's state goes through a closure
//! that runs under the store's lock: a write is one transaction, so a quota spent by a
//! thousand concurrent requests is spent exactly a thousand times, and no lock is ever
//! held across an `.await` (closures are synchronous). The state travels with its own
//! seeded RNG, so ids and generated data follow from the request sequence alone.
//!
//! This in-memory store is the only implementation today; a shared backend (Redis, for
//! multi-replica demos) would implement the same transaction shape by loading,
//! mutating and compare-and-setting the serialised state.

use parking_lot::Mutex;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::watch;

struct Slot<S> {
    state: S,
    rng: ChaCha8Rng,
    /// Bumped on every reset, so work scheduled before a reset can tell it is stale.
    generation: u64,
}

/// One API's state and RNG.
pub struct Store<S> {
    slot: Mutex<Slot<S>>,
    /// Ticks after every write, reset and import, for those who follow the state (an
    /// event stream); a write with no one following pays one atomic load.
    changes: watch::Sender<u64>,
}

impl<S> std::fmt::Debug for Store<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("generation", &self.slot.lock().generation).finish()
    }
}

impl<S> Store<S> {
    /// A receiver that sees every change after now (see [`stream`](super::stream)).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Tells followers the state may have changed; called once the lock is released, so
    /// a follower that wakes can read at once.
    fn changed(&self) {
        if self.changes.receiver_count() > 0 {
            self.changes.send_modify(|n| *n = n.wrapping_add(1));
        }
    }
}

/// A mutable view of the state inside a write transaction.
pub struct Txn<'a, S> {
    pub state: &'a mut S,
    pub rng: &'a mut ChaCha8Rng,
    pub generation: u64,
}

impl<S: Serialize + DeserializeOwned + Send + 'static> Store<S> {
    pub fn new(state: S, seed: u64) -> Store<S> {
        Store {
            slot: Mutex::new(Slot { state, rng: ChaCha8Rng::seed_from_u64(seed), generation: 0 }),
            changes: watch::channel(0).0,
        }
    }

    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&S) -> R) -> R {
        f(&self.slot.lock().state)
    }

    /// Changes the state in one transaction.
    pub fn write<R>(&self, f: impl FnOnce(Txn<'_, S>) -> R) -> R {
        let out = {
            let mut slot = self.slot.lock();
            let Slot { state, rng, generation } = &mut *slot;
            f(Txn { state, rng, generation: *generation })
        };
        self.changed();
        out
    }

    /// Changes the state only if no reset happened since `generation` was read; `None`
    /// otherwise. Scheduled work uses this so that it never touches a newer world.
    pub fn write_if<R>(&self, generation: u64, f: impl FnOnce(Txn<'_, S>) -> R) -> Option<R> {
        let out = {
            let mut slot = self.slot.lock();
            if slot.generation != generation {
                return None;
            }
            let Slot { state, rng, generation } = &mut *slot;
            f(Txn { state, rng, generation: *generation })
        };
        self.changed();
        Some(out)
    }

    /// Replaces the state atomically (a reset), restarting the RNG from `seed`.
    pub fn reset(&self, state: S, seed: u64) {
        self.replace(state, Some(ChaCha8Rng::seed_from_u64(seed)));
    }

    /// Puts `state` in place (and `rng`, when given) as a new generation.
    fn replace(&self, state: S, rng: Option<ChaCha8Rng>) {
        let old = {
            let mut slot = self.slot.lock();
            if let Some(rng) = rng {
                slot.rng = rng;
            }
            slot.generation += 1;
            std::mem::replace(&mut slot.state, state)
        };
        // Freed after the lock is released, on a thread of its own at low priority: a
        // big world takes hundreds of milliseconds of CPU to free, which this API's
        // requests (and on two cores, the others') would otherwise wait out.
        super::low_priority::drop_later(old);
        self.changed();
    }

    pub fn generation(&self) -> u64 {
        self.slot.lock().generation
    }

    /// Writes the state and the RNG position as JSON, straight from the state. The lock is held while it
    /// writes (a consistent snapshot), so the writer must not wait on a slow reader
    /// forever (see `admin::state`).
    pub fn export_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let slot = self.slot.lock();
        serde_json::to_writer(out, &Snapshot::of(&slot)).map_err(std::io::Error::other)
    }

    /// Restores a snapshot written by `export_to`; nothing changes if it does not parse.
    pub fn import(&self, snapshot: &Value) -> Result<(), String> {
        self.import_checked(snapshot, |_| Ok(()))
    }

    /// Restores a snapshot that parses and that `check` accepts (references, bounds: what
    /// types alone cannot say); otherwise nothing changes.
    pub fn import_checked(&self, snapshot: &Value, check: impl Fn(&S) -> Result<(), String>) -> Result<(), String> {
        let imported = Self::prepare_import(snapshot, check, |_| {})?;
        self.install_import(imported);
        Ok(())
    }

    /// Puts in place a snapshot turned into state by [`Store::prepare_import`].
    pub fn install_import(&self, imported: Imported<S>) {
        self.replace(imported.state, imported.rng);
    }
}

/// A snapshot turned into state, checked and completed, not yet in place: what lets a
/// server check every API's snapshot and then install them all, parsing each once.
pub struct Imported<S> {
    state: S,
    rng: Option<ChaCha8Rng>,
}

impl<S: DeserializeOwned> Store<S> {
    /// Whether `snapshot` would import, without importing it: lets several stores be
    /// restored all or nothing.
    pub fn check(snapshot: &Value) -> Result<(), String> {
        Self::check_with(snapshot, |_| Ok(()))
    }

    /// Whether `snapshot` parses and `check` accepts its state.
    pub fn check_with(snapshot: &Value, check: impl Fn(&S) -> Result<(), String>) -> Result<(), String> {
        let (state, _) = Self::parse(snapshot)?;
        check(&state)
    }

    /// `snapshot` as state that `check` accepts, completed by `complete`, ready for
    /// [`Store::install_import`]; nothing is changed.
    pub fn prepare_import(
        snapshot: &Value,
        check: impl Fn(&S) -> Result<(), String>,
        complete: impl FnOnce(&mut S),
    ) -> Result<Imported<S>, String> {
        let (mut state, rng) = Self::parse(snapshot)?;
        check(&state)?;
        complete(&mut state);
        Ok(Imported { state, rng })
    }

    fn parse(snapshot: &Value) -> Result<(S, Option<ChaCha8Rng>), String> {
        // Deserialised from the borrowed value: a snapshot of a big world is not copied.
        let state = S::deserialize(snapshot.get("state").unwrap_or(&Value::Null))
            .map_err(|e| format!("state does not match this API's state: {e}"))?;
        let rng = snapshot.get("rng").map(rng_from).transpose()?;
        Ok((state, rng))
    }
}

/// A snapshot as written: the state, borrowed, and where the RNG stands.
#[derive(Serialize)]
struct Snapshot<'a, S> {
    state: &'a S,
    rng: RngPosition,
}

#[derive(Serialize)]
struct RngPosition {
    seed: String,
    stream: u64,
    word_pos: String,
}

impl<'a, S> Snapshot<'a, S> {
    fn of(slot: &'a Slot<S>) -> Self {
        let rng = RngPosition {
            seed: hex(&slot.rng.get_seed()),
            stream: slot.rng.get_stream(),
            word_pos: slot.rng.get_word_pos().to_string(),
        };
        Snapshot { state: &slot.state, rng }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn rng_from(v: &Value) -> Result<ChaCha8Rng, String> {
    let seed_hex = v.get("seed").and_then(Value::as_str).ok_or("rng.seed is missing")?;
    // Checked as bytes: slicing the text in pairs would split a multibyte character.
    let digits = seed_hex.as_bytes();
    if digits.len() != 64 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return Err("rng.seed must be 64 hex digits".into());
    }
    let mut seed = [0u8; 32];
    for (byte, pair) in seed.iter_mut().zip(digits.chunks_exact(2)) {
        let text = std::str::from_utf8(pair).map_err(|e| format!("rng.seed: {e}"))?;
        *byte = u8::from_str_radix(text, 16).map_err(|e| format!("rng.seed: {e}"))?;
    }
    let mut rng = ChaCha8Rng::from_seed(seed);
    rng.set_stream(v.get("stream").and_then(Value::as_u64).unwrap_or(0));
    let pos = v.get("word_pos").and_then(Value::as_str).unwrap_or("0");
    rng.set_word_pos(pos.parse::<u128>().map_err(|e| format!("rng.word_pos: {e}"))?);
    Ok(rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;
    use serde_json::json;

    #[test]
    fn snapshot_round_trip_keeps_state_and_rng_position() {
        let store = Store::new(vec![1u32], 7);
        store.write(|t| {
            t.state.push(t.rng.random_range(0..1000));
        });
        let mut written = Vec::new();
        store.export_to(&mut written).expect("exports");
        let snapshot: Value = serde_json::from_slice(&written).expect("JSON");
        let next_before: u32 = store.write(|t| t.rng.random_range(0..1_000_000));
        let copy: Store<Vec<u32>> = Store::new(vec![], 0);
        copy.import(&snapshot).expect("imports");
        assert_eq!(copy.read(|s| s.clone()), store.read(|s| s.clone()));
        let next_after: u32 = copy.write(|t| t.rng.random_range(0..1_000_000));
        assert_eq!(next_before, next_after, "the RNG continues where it was");
    }

    #[test]
    fn a_prepared_import_is_read_and_checked_once_and_changes_nothing_until_installed() {
        let store = Store::new(vec![1u32], 7);
        let checks = std::cell::Cell::new(0);
        let check = |s: &Vec<u32>| {
            checks.set(checks.get() + 1);
            if s.len() < 3 { Ok(()) } else { Err("too long".to_string()) }
        };
        let imported =
            Store::<Vec<u32>>::prepare_import(&json!({"state": [5, 6]}), check, |s| s.push(9)).expect("accepted");
        assert_eq!(store.read(|s| s.clone()), vec![1], "nothing changes before it is installed");
        let generation = store.generation();
        store.install_import(imported);
        assert_eq!(store.read(|s| s.clone()), vec![5, 6, 9], "completed before it was installed");
        assert_eq!((checks.get(), store.generation()), (1, generation + 1));
        let refused = Store::<Vec<u32>>::prepare_import(&json!({"state": [1, 2, 3]}), check, |_| {});
        assert_eq!(refused.err().as_deref(), Some("too long"));
    }

    #[test]
    fn reset_is_atomic_and_stale_writes_are_refused() {
        let store = Store::new(0u64, 1);
        let generation = store.generation();
        store.reset(10, 1);
        assert_eq!(store.write_if(generation, |t| *t.state += 1), None);
        assert_eq!(store.read(|s| *s), 10);
        assert!(store.import(&json!({"state": "not a number"})).is_err());
        assert_eq!(store.read(|s| *s), 10);
    }

    #[test]
    fn followers_hear_of_writes_and_resets_but_not_of_refused_writes() {
        let store = Store::new(0u64, 1);
        let mut follower = store.subscribe();
        assert!(!follower.has_changed().expect("open"));
        store.write(|t| *t.state += 1);
        assert!(follower.has_changed().expect("open"));
        follower.mark_unchanged();
        assert_eq!(store.write_if(99, |t| *t.state += 1), None);
        assert!(!follower.has_changed().expect("open"), "a stale write changed nothing");
        store.reset(5, 1);
        assert!(follower.has_changed().expect("open"));
    }

    #[test]
    fn a_seed_with_multibyte_characters_is_refused_not_a_panic() {
        let seed = format!("0é{}", "0".repeat(61));
        assert_eq!(seed.len(), 64, "64 bytes, not 64 hex digits");
        let err = Store::<u64>::check(&json!({"state": 1, "rng": {"seed": seed}})).expect_err("not hex");
        assert_eq!(err, "rng.seed must be 64 hex digits");
    }
}

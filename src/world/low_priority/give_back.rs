//! Freed memory given back to the OS by a low-priority thread of its own while heavy work
//! runs, so that no request thread has to.
//!
//! mimalloc (the binary's allocator) gives freed pages back a second after they were
//! freed, with `madvise`, on whichever thread next asks it for a fresh page. After a
//! replaced million-finding world was freed, that was a request worker: it spent 20–40
//! ms in `madvise` before answering a 401 (DryRun stalled by a Kolega scenario load;
//! benches/README.md). While heavy work runs, and once after it ends, this thread asks
//! the allocator every [`EVERY`] to give back what has been freed, well before anything
//! freed is a second old. The binary says how (`mi_collect`); a library user that says
//! nothing gets no thread and its allocator's own habits.
//!
//! mimalloc only gives back a page once its owner thread has looked at what other
//! threads freed in it. The thread that started the process built the start-up world and
//! owns its pages, and then waits for a signal: a kolega-1m world replaced by a scenario
//! load left ~0.5 GB resident for good. [`heavy_work_ended`] tells that thread when to
//! look.

use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

/// How often freed memory is given back while work runs: a tenth of mimalloc's delay.
const EVERY: Duration = Duration::from_millis(100);

/// How the binary gives freed memory back, if it said.
static RELEASE: OnceLock<fn()> = OnceLock::new();

/// The process's giving thread, started by the first heavy work (`None`: no thread to
/// be had, and memory is given back as the allocator would have done).
static PROCESS: OnceLock<Option<Giver>> = OnceLock::new();

/// Told (once per quiet spell, after the last turn) when heavy work has ended and its
/// memory was given back: the starting thread then gives back its own pages' share.
static ENDED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Says how this process gives freed memory back (the first call counts). The thread
/// that does it starts with the first heavy work. (The command line says it.)
#[cfg(feature = "cli")]
pub(crate) fn give_back_freed_memory_with(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Returns once heavy work has ended since the last call (never, if the binary did not
/// say how to give memory back).
#[cfg(feature = "cli")]
pub(crate) async fn heavy_work_ended() {
    ENDED.notified().await;
}

/// Marks heavy work as running while it lives, if the binary said how to give memory back.
pub(super) fn while_alive() -> Option<Running<'static>> {
    let release = *RELEASE.get()?;
    PROCESS.get_or_init(|| Giver::start(release, EVERY)).as_ref().map(Giver::running)
}

/// What the giving thread watches: how many works run, and whether one started or ended
/// since the last time memory was given back.
#[derive(Default)]
struct Busy {
    running: usize,
    owed: bool,
}

/// The giving thread's side of things, shared with every work.
struct Giver {
    busy: std::sync::Arc<(Mutex<Busy>, Condvar)>,
}

impl Giver {
    fn start(release: fn(), every: Duration) -> Option<Giver> {
        Giver::start_telling(release, every, &ENDED)
    }

    fn start_telling(release: fn(), every: Duration, ended: &'static tokio::sync::Notify) -> Option<Giver> {
        let busy = std::sync::Arc::new((Mutex::new(Busy::default()), Condvar::new()));
        let watched = busy.clone();
        let spawned = std::thread::Builder::new().name("secmock-give-back".into()).spawn(move || {
            super::priority::lower();
            let (lock, changed) = &*watched;
            loop {
                let mut state = lock_ignoring_poison(lock);
                while state.running == 0 && !state.owed {
                    state = changed.wait(state).unwrap_or_else(PoisonError::into_inner);
                }
                state.owed = false;
                drop(state);
                std::thread::sleep(every);
                release();
                let state = lock_ignoring_poison(lock);
                if state.running == 0 && !state.owed {
                    ended.notify_one();
                }
            }
        });
        spawned.ok().map(|_| Giver { busy })
    }

    fn running(&self) -> Running<'_> {
        self.change(|busy| busy.running += 1);
        Running { giver: self }
    }

    fn change(&self, how: impl FnOnce(&mut Busy)) {
        let (lock, changed) = &*self.busy;
        let mut state = lock_ignoring_poison(lock);
        how(&mut state);
        state.owed = true;
        changed.notify_one();
    }
}

fn lock_ignoring_poison(lock: &Mutex<Busy>) -> MutexGuard<'_, Busy> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Heavy work running: memory is given back every [`EVERY`] until this is dropped, and
/// once after.
pub(super) struct Running<'a> {
    giver: &'a Giver,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.giver.change(|busy| busy.running -= 1);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::Giver;

    static GIVEN: AtomicUsize = AtomicUsize::new(0);
    static LAST: Mutex<Option<Instant>> = Mutex::new(None);

    fn count() {
        *LAST.lock().expect("last") = Some(Instant::now());
        GIVEN.fetch_add(1, Ordering::SeqCst);
    }

    /// Waits (at most ten seconds, so that a starved machine fails rather than hangs)
    /// until `done` holds.
    fn eventually(done: impl Fn() -> bool) -> bool {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if done() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    }

    fn given_since(moment: Instant) -> bool {
        eventually(|| LAST.lock().expect("last").is_some_and(|last| last > moment))
    }

    #[test]
    fn memory_is_given_back_while_work_runs_and_once_after_it_ends_and_not_when_idle() {
        static TOLD: tokio::sync::Notify = tokio::sync::Notify::const_new();
        let giver = Giver::start_telling(count, Duration::from_millis(5), &TOLD).expect("a thread");
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(GIVEN.load(Ordering::SeqCst), 0, "nothing ran, nothing is given back");

        let running = giver.running();
        let before = GIVEN.load(Ordering::SeqCst);
        assert!(eventually(|| GIVEN.load(Ordering::SeqCst) >= before + 2), "twice while the work runs");
        drop(running);
        let ended = Instant::now();
        assert!(given_since(ended), "once after the work ended");
        let told = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
            .block_on(async { tokio::time::timeout(Duration::from_secs(10), TOLD.notified()).await.is_ok() });
        assert!(told, "the end of the work is told");

        // Works that start and end between two turns still get a turn after them.
        for _ in 0..3 {
            drop(giver.running());
        }
        let short_ended = Instant::now();
        assert!(given_since(short_ended), "after short works");

        // Then the thread rests (once the turn that may be under way is over).
        std::thread::sleep(Duration::from_millis(200));
        let resting = GIVEN.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(GIVEN.load(Ordering::SeqCst), resting, "no work, no turns");
    }
}

//! Heavy admin work (building a world for a reset or a scenario load, turning an
//! imported snapshot into state, freeing the world it replaces) on a thread of its own,
//! at a lower scheduling priority than the threads that answer requests, while freed
//! memory is given back to the OS off the request threads too. The work holds no lock
//! any request takes; what it still took from other APIs' requests was CPU: on a
//! two-core machine a 100k-finding build, the request workers and the clients share two
//! cores, and a request waited for a time slice ([`priority`]); and the allocator's
//! habit of giving back freed memory on whichever thread allocates next ([`give_back`]).

mod give_back;
mod priority;

#[cfg(feature = "cli")]
pub(crate) use give_back::{give_back_freed_memory_with, heavy_work_ended};

/// Runs `work` on a new thread of lower priority and waits for it. A thread that cannot
/// be had is an error; a panic in `work` is the caller's, as if it had run inline.
pub(crate) fn run<R: Send>(work: impl FnOnce() -> Result<R, String> + Send) -> Result<R, String> {
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("secmock-build".into());
        let spawned = builder.spawn_scoped(scope, || as_heavy_work(work));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => Err(format!("no thread to build on: {e}")),
        }
    })
}

/// Drops `value` on a thread of lower priority, without waiting: a replaced world of a
/// million findings takes a few hundred milliseconds of CPU to free. Starting the thread
/// costs tens of microseconds, nothing beside a reset.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new().name("secmock-free".into()).spawn(move || as_heavy_work(|| drop(value)));
    // No thread to be had: the closure, and the value with it, is dropped here.
    drop(spawned);
}

/// How each thread of heavy work runs it: less urgently than the request threads, with
/// freed memory given back while it runs and once after.
fn as_heavy_work<R>(work: impl FnOnce() -> R) -> R {
    priority::lower();
    let _giving_back = give_back::while_alive();
    work()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_work_runs_less_urgently_and_the_caller_keeps_its_priority() {
        use rustix::process::getpriority_process;
        let mine = getpriority_process(Some(rustix::thread::gettid())).expect("own priority");
        let theirs = super::run(|| Ok(getpriority_process(Some(rustix::thread::gettid())).expect("priority")));
        assert_eq!(theirs, Ok((mine + super::priority::NICER_BY).min(19)));
        assert_eq!(getpriority_process(Some(rustix::thread::gettid())).expect("own priority"), mine);
        assert_eq!(super::run(|| Err::<(), _>("refused".to_string())), Err("refused".to_string()));
    }

    /// Where the kernel shows a thread's slice (`se.slice`, Linux ≥ 6.6), the work's is
    /// the short one: the kernel honoured it (≥ 6.12) or kept its default (older).
    #[test]
    fn the_work_asks_for_short_time_slices() {
        let slice = |sched: &str| -> Option<u64> {
            let line = sched.lines().find(|l| l.trim_start().starts_with("se.slice"))?;
            line.split(':').nth(1)?.trim().parse::<f64>().ok().map(|v| v as u64)
        };
        let read = || std::fs::read_to_string("/proc/thread-self/sched").unwrap_or_default();
        let Some(default) = slice(&read()) else { return };
        let theirs = super::run(|| Ok(slice(&read()))).expect("ran").expect("the same kernel");
        assert!(theirs == super::priority::SLICE_NS || theirs == default, "slice {theirs} ns (default {default} ns)");
        assert!(theirs <= default, "never longer than the default");
    }
}

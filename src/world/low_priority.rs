//! Heavy admin work (building a world for a reset or a scenario load, turning an
//! imported snapshot into state, freeing the world it replaces) on a thread of its own, at a lower scheduling priority
//! than the threads that answer requests. It already holds no lock any request takes;
//! what it still took from other APIs' requests was CPU: on a two-core machine a
//! 100k-finding build, the request workers and the clients share two cores, and a
//! request waited for a time slice. At nice +10 the build gets about a tenth of a core
//! against a request that wants one, and the rest when none does. Linux only (nice is
//! per thread there); elsewhere the work runs at the caller's priority, on its own
//! thread all the same.

/// How much less urgent the work is than the process's other threads.
#[cfg(target_os = "linux")]
const NICER_BY: i32 = 10;

/// Runs `work` on a new thread of lower priority and waits for it. A thread that cannot
/// be had is an error; a panic in `work` is the caller's, as if it had run inline.
pub(crate) fn run<R: Send>(work: impl FnOnce() -> Result<R, String> + Send) -> Result<R, String> {
    std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("secmock-build".into());
        let spawned = builder.spawn_scoped(scope, || {
            lower_priority();
            work()
        });
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
    let spawned = std::thread::Builder::new().name("secmock-free".into()).spawn(move || {
        lower_priority();
        drop(value);
    });
    // No thread to be had: the closure, and the value with it, is dropped here.
    drop(spawned);
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    use rustix::process::{getpriority_process, setpriority_process};
    let me = Some(rustix::thread::gettid());
    // Best effort: a priority that cannot be read or changed leaves the work as urgent
    // as everything else, which is how it ran before.
    if let Ok(now) = getpriority_process(me) {
        let _ = setpriority_process(me, (now + NICER_BY).min(19));
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn the_work_runs_less_urgently_and_the_caller_keeps_its_priority() {
        use rustix::process::getpriority_process;
        let mine = getpriority_process(Some(rustix::thread::gettid())).expect("own priority");
        let theirs = super::run(|| Ok(getpriority_process(Some(rustix::thread::gettid())).expect("priority")));
        assert_eq!(theirs, Ok((mine + super::NICER_BY).min(19)));
        assert_eq!(getpriority_process(Some(rustix::thread::gettid())).expect("own priority"), mine);
        assert_eq!(super::run(|| Err::<(), _>("refused".to_string())), Err("refused".to_string()));
    }
}

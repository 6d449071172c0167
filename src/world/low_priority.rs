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

/// How long the work runs before a request thread that wakes may take the core: the
/// shortest time slice Linux grants (0.1 ms; the default is ~3 ms).
#[cfg(target_os = "linux")]
const SLICE_NS: u64 = 100_000;

/// Nice +10 gives the work a smaller share of the cores, not a shorter turn on one: a
/// request thread that woke still waited for the work's time slice to end, 4–5 ms at a
/// time on two busy cores (a kolega-1m load stalled DryRun 12–34 ms; benches/README.md).
/// The work also asks for the shortest slice (Linux ≥ 6.12 honours it; older kernels
/// ignore it and the nice value alone applies).
#[cfg(target_os = "linux")]
fn lower_priority() {
    use rustix::process::{getpriority_process, setpriority_process};
    let me = Some(rustix::thread::gettid());
    // Best effort: a priority that cannot be read or changed leaves the work as urgent
    // as everything else, which is how it ran before.
    if let Ok(now) = getpriority_process(me) {
        let nice = (now + NICER_BY).min(19);
        if !short_slices(nice) {
            let _ = setpriority_process(me, nice);
        }
    }
}

/// Sets this thread's nice value and asks for `SLICE_NS` slices (`sched_setattr`, which
/// sets both at once); whether the kernel took them.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn short_slices(nice: i32) -> bool {
    /// `struct sched_attr` (include/uapi/linux/sched/types.h), its first version.
    #[repr(C)]
    struct SchedAttr {
        size: u32,
        policy: u32,
        flags: u64,
        nice: i32,
        priority: u32,
        runtime: u64,
        deadline: u64,
        period: u64,
        util_min: u32,
        util_max: u32,
    }
    let attr = SchedAttr {
        size: std::mem::size_of::<SchedAttr>() as u32,
        policy: libc::SCHED_OTHER as u32,
        flags: 0,
        nice,
        priority: 0,
        runtime: SLICE_NS,
        deadline: 0,
        period: 0,
        util_min: 0,
        util_max: 0,
    };
    // SAFETY: the kernel reads `attr.size` bytes from a live, fully initialised
    // `sched_attr` of that size and keeps no reference to it; pid 0 is this thread.
    let done = unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &raw const attr, 0) };
    done == 0
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
        assert!(theirs == super::SLICE_NS || theirs == default, "slice {theirs} ns (default {default} ns)");
        assert!(theirs <= default, "never longer than the default");
    }
}

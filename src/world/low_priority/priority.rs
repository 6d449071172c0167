//! How a low-priority thread asks to be less urgent than the request threads: nice +10,
//! and (Linux ≥ 6.12) the shortest time slice. Linux only (nice is per thread there);
//! elsewhere the thread keeps the caller's priority.

/// How much less urgent the work is than the process's other threads.
#[cfg(target_os = "linux")]
pub(super) const NICER_BY: i32 = 10;

/// How long the work runs before a request thread that wakes may take the core: the
/// shortest time slice Linux grants (0.1 ms; the default is ~3 ms).
#[cfg(target_os = "linux")]
pub(super) const SLICE_NS: u64 = 100_000;

/// Nice +10 gives the work a smaller share of the cores, not a shorter turn on one: a
/// request thread that woke still waited for the work's time slice to end, 4–5 ms at a
/// time on two busy cores (a kolega-1m load stalled DryRun 12–34 ms; benches/README.md).
/// The work also asks for the shortest slice (Linux ≥ 6.12 honours it; older kernels
/// ignore it and the nice value alone applies).
#[cfg(target_os = "linux")]
pub(super) fn lower() {
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
pub(super) fn lower() {}

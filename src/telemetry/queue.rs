//! The log queue: lines go from the threads that log to one writer thread, which writes
//! them to stderr. It is bounded by a count of lines and lossy: a line that would go over
//! the bound is dropped and counted, never waited for (the reasons are in the parent
//! module's comment).
//!
//! The queue takes memory as lines wait, not up front: `tracing-appender`'s queue, used
//! before, was an array of 128,000 slots written at start-up, 4.1 MB of every idle
//! process's 42 MB (issue 14). Here the lines sit in a linked list of small blocks
//! (`std::sync::mpsc`), and an atomic count of waiting lines enforces the bound.
//!
//! The writer is not woken for each line. While lines keep coming it writes what has
//! arrived, sleeps [`BATCH`] and looks again; only when it finds nothing does it park,
//! and the next line wakes it. A wake-up per line (a channel's blocking `recv`) cost every
//! request ~10 µs of CPU (benches/lists.sh, issue 14).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::Thread;
use std::time::Duration;

/// How long the writer lets lines gather while they keep coming.
const BATCH: Duration = Duration::from_millis(1);

/// How long dropping the guard waits for the queued lines to be written (stderr may not
/// be read at all: exiting must not wait for it).
const FLUSH_ON_EXIT: Duration = Duration::from_secs(1);

enum Message {
    Line(Vec<u8>),
    Shutdown,
}

struct Counts {
    /// Lines sent and not yet taken by the writer.
    waiting: AtomicUsize,
    limit: usize,
    dropped: AtomicU64,
    /// The writer is parked (or about to be) and must be woken for a line.
    asleep: AtomicBool,
}

/// Where lines are sent; cheap to clone, usable from any thread.
#[derive(Clone)]
pub(crate) struct LogQueue {
    sender: Sender<Message>,
    counts: Arc<Counts>,
    writer: Thread,
}

/// Keeps the writer thread; dropping it writes what is queued (for at most a second).
pub(crate) struct QueueGuard {
    sender: Sender<Message>,
    writer: Thread,
    finished: Receiver<()>,
}

impl LogQueue {
    /// Starts the writer thread on `out`, which is flushed each time the thread has
    /// written every waiting line. At most `limit` lines wait.
    pub(crate) fn start(limit: usize, mut out: impl Write + Send + 'static) -> std::io::Result<(LogQueue, QueueGuard)> {
        let (sender, lines) = mpsc::channel();
        let (done, finished) = mpsc::channel();
        let counts = Arc::new(Counts {
            waiting: AtomicUsize::new(0),
            limit: limit.max(1),
            dropped: AtomicU64::new(0),
            asleep: AtomicBool::new(false),
        });
        let taken = counts.clone();
        let writer = std::thread::Builder::new().name("secmock-log".into()).spawn(move || {
            write_lines(&lines, &taken, &mut out);
            let _ = done.send(());
        })?;
        let writer = writer.thread().clone();
        Ok((
            LogQueue { sender: sender.clone(), counts, writer: writer.clone() },
            QueueGuard { sender, writer, finished },
        ))
    }

    /// Queues a copy of `line`, or counts it as dropped when the queue is full.
    pub(crate) fn send(&self, line: &[u8]) {
        if self.counts.waiting.fetch_add(1, Ordering::SeqCst) >= self.counts.limit {
            self.counts.waiting.fetch_sub(1, Ordering::AcqRel);
            self.counts.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if self.sender.send(Message::Line(line.to_vec())).is_err() {
            // The writer has stopped (the process is exiting): the line is lost.
            self.counts.waiting.fetch_sub(1, Ordering::AcqRel);
            self.counts.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if self.counts.asleep.load(Ordering::SeqCst) && self.counts.asleep.swap(false, Ordering::SeqCst) {
            self.writer.unpark();
        }
    }

    /// Lines dropped so far because the queue was full.
    pub(crate) fn dropped(&self) -> u64 {
        self.counts.dropped.load(Ordering::Relaxed)
    }
}

/// The writer thread: writes what has arrived and flushes; sleeps [`BATCH`] while lines
/// keep coming, parks when none are left.
fn write_lines(lines: &Receiver<Message>, counts: &Counts, out: &mut impl Write) {
    loop {
        let mut wrote = false;
        loop {
            match lines.try_recv() {
                Ok(Message::Line(line)) => {
                    counts.waiting.fetch_sub(1, Ordering::SeqCst);
                    let _ = out.write_all(&line);
                    wrote = true;
                }
                Ok(Message::Shutdown) | Err(TryRecvError::Disconnected) => {
                    let _ = out.flush();
                    return;
                }
                Err(TryRecvError::Empty) => break,
            }
        }
        if wrote {
            let _ = out.flush();
            std::thread::sleep(BATCH);
            continue;
        }
        counts.asleep.store(true, Ordering::SeqCst);
        // A line counted before `asleep` was set woke nobody: look again instead of parking.
        if counts.waiting.load(Ordering::SeqCst) > 0 {
            counts.asleep.store(false, Ordering::SeqCst);
            continue;
        }
        std::thread::park();
        counts.asleep.store(false, Ordering::SeqCst);
    }
}

/// One event (one `write` call from `tracing_subscriber`'s formatter) is one line.
impl Write for &LogQueue {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.send(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogQueue {
    type Writer = &'a LogQueue;

    fn make_writer(&'a self) -> &'a LogQueue {
        self
    }
}

impl Drop for QueueGuard {
    fn drop(&mut self) {
        if self.sender.send(Message::Shutdown).is_ok() {
            self.writer.unpark();
            match self.finished.recv_timeout(FLUSH_ON_EXIT) {
                Ok(()) | Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// An output that keeps what it is given, and can hold the writer up.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut kept = self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?;
            kept.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_are_written_in_order_and_the_guard_writes_what_is_queued() {
        let out = Kept::default();
        let (queue, guard) = LogQueue::start(100, out.clone()).expect("a thread starts");
        for i in 0..50 {
            queue.send(format!("line {i}\n").as_bytes());
        }
        drop(guard);
        let written = String::from_utf8(out.0.lock().map(|k| k.clone()).unwrap_or_default()).unwrap_or_default();
        let expected: String = (0..50).map(|i| format!("line {i}\n")).collect();
        assert_eq!(written, expected);
        assert_eq!(queue.dropped(), 0);
    }

    #[test]
    fn a_full_queue_drops_and_counts_lines_instead_of_waiting() {
        // The writer is held up by the output's lock, as by a stderr nobody reads.
        let out = Kept::default();
        let held = out.0.lock().expect("not poisoned");
        let (queue, guard) = LogQueue::start(10, out.clone()).expect("a thread starts");
        for _ in 0..1000 {
            queue.send(b"x\n");
        }
        // At most the limit waits, and one more may have been taken by the blocked writer.
        assert!(queue.dropped() >= 1000 - 11, "dropped {}", queue.dropped());
        drop(held);
        drop(guard);
        let written = out.0.lock().map(|k| k.len()).unwrap_or_default();
        assert_eq!(written as u64, (1000 - queue.dropped()) * 2);
    }
}

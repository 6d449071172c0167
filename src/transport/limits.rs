//! How many connections a port may keep open, given the process's file-descriptor limit.
//! Every connection is a descriptor; when they run out, `accept` fails on every port at
//! once (admin included) and nothing can be answered. So the ports' caps together stay
//! below the limit, with room for what else the process keeps open.

use std::sync::OnceLock;

use crate::config::ConnectionLimits;

/// Descriptors kept back from connections: stdio, the runtime's epoll and wakers, the
/// listeners, files opened by the admin API, and the connection accepted before an idle
/// one is evicted to make room for it.
fn reserve(limit: u64) -> u64 {
    32 + limit / 16
}

/// The soft limit on open files, first raised to the hard limit (as Go's runtime does for
/// every program): the default soft limit of 1024 is a relic of `select()`, which nothing
/// here uses. Once per process; `None` where the platform has no such limit.
fn descriptor_limit() -> Option<u64> {
    static LIMIT: OnceLock<Option<u64>> = OnceLock::new();
    *LIMIT.get_or_init(|| match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(u64::MAX) => None,
        Ok(limit) => Some(limit),
        Err(e) => {
            tracing::warn!("cannot read the open-files limit: {e}");
            None
        }
    })
}

/// `limits` with `max_connections` lowered, if need be, so that `listeners` ports at their
/// cap fit in the file-descriptor limit.
pub(crate) fn fit_to_descriptor_limit(limits: ConnectionLimits, listeners: usize) -> ConnectionLimits {
    let Some(limit) = descriptor_limit() else { return limits };
    let fits = per_listener(limit, listeners);
    if fits < limits.max_connections {
        tracing::info!(
            "at most {fits} open connections per port (not {}): the open-files limit is {limit}",
            limits.max_connections
        );
    }
    ConnectionLimits { max_connections: limits.max_connections.min(fits), ..limits }
}

fn per_listener(limit: u64, listeners: usize) -> usize {
    let spare = limit.saturating_sub(reserve(limit));
    let each = spare / (listeners.max(1) as u64);
    usize::try_from(each).unwrap_or(usize::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::per_listener;

    #[test]
    fn five_ports_under_256_descriptors_leave_room_for_the_rest() {
        let each = per_listener(256, 5);
        assert!(each * 5 + 5 + 20 < 256, "{each} per port");
        assert!(each >= 30, "{each} per port");
    }

    #[test]
    fn a_tiny_limit_still_allows_a_connection() {
        assert_eq!(per_listener(16, 5), 1);
    }
}

//! Where an outbound delivery may go. A scenario decides which hosts besides loopback may
//! receive deliveries; everything else is refused before any connection is made.
//!
//! The check is made on the *resolved* address, and the connection goes to that very
//! address (there is no second lookup a DNS rebinding could answer differently):
//!
//! - a loopback address (`127.0.0.0/8`, `::1`, an IPv4-mapped loopback) is always allowed,
//!   whatever name led to it, so `localhost` always works;
//! - an address inside an allow-list entry that is an IP or a CIDR (`10.1.2.3`,
//!   `10.0.0.0/8`, `fd00::/8`) is allowed;
//! - a name on the allow-list (`hooks.example.test`, or `*.example.test` for any name
//!   under it) is allowed to resolve to anything except the addresses that are never a
//!   webhook receiver: unspecified, multicast, broadcast and link-local (where cloud
//!   metadata services live). To reach one of those, list the address itself.
//!
//! Only `http://` is spoken: secmock carries no TLS stack, so an `https://` URL is a failed
//! attempt that says so.

use std::net::{IpAddr, SocketAddr};

use http::Uri;

use crate::world::journal::clip;

/// The most of a URL or host name quoted in an error.
const QUOTED: usize = 200;
/// The most entries an allow-list has (the scenario schema says the same).
const MAX_ENTRIES: usize = 256;

/// The hosts besides loopback an API may deliver to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AllowList {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
enum Entry {
    /// An exact host name, lower case, without a trailing dot.
    Host(String),
    /// `*.example.test`, kept as `.example.test`.
    Suffix(String),
    /// An address block; a single address has the full prefix length.
    Net(IpAddr, u8),
}

impl AllowList {
    /// Parses entries: host names, `*.` wildcards, IP addresses and CIDR blocks.
    pub fn parse(hosts: &[String]) -> Result<AllowList, String> {
        if hosts.len() > MAX_ENTRIES {
            return Err(format!(": {} entries, at most {MAX_ENTRIES} are allowed", hosts.len()));
        }
        let entries = hosts
            .iter()
            .enumerate()
            .map(|(i, host)| Entry::parse(host).map_err(|e| format!("[{i}]: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(AllowList { entries })
    }

    fn allows_name(&self, host: &str) -> bool {
        let host = normalise(host);
        self.entries.iter().any(|e| match e {
            Entry::Host(h) => *h == host,
            Entry::Suffix(s) => host.ends_with(s.as_str()) && host.len() > s.len(),
            Entry::Net(..) => false,
        })
    }

    fn allows_ip(&self, ip: IpAddr) -> bool {
        self.entries.iter().any(|e| matches!(e, Entry::Net(net, prefix) if in_block(ip, *net, *prefix)))
    }

    /// Whether `ip`, reached through the name `host`, may receive a delivery.
    fn admits(&self, host: &str, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_loopback() || self.allows_ip(ip) || (self.allows_name(host) && !never_a_receiver(ip))
    }
}

impl Entry {
    fn parse(text: &str) -> Result<Entry, String> {
        let text = text.trim();
        if let Some((addr, prefix)) = text.split_once('/') {
            let ip: IpAddr = addr.parse().map_err(|_| format!("'{}' is not a CIDR block", clip(text, QUOTED)))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let prefix: u8 = prefix
                .parse()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'{}': the prefix length must be 0 to {max}", clip(text, QUOTED)))?;
            return Ok(Entry::Net(ip.to_canonical(), prefix));
        }
        if let Ok(ip) = text.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            let ip = ip.to_canonical();
            return Ok(Entry::Net(ip, if ip.is_ipv4() { 32 } else { 128 }));
        }
        let (wildcard, name) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let name = normalise(name);
        let valid = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if !valid {
            return Err(format!(
                "'{}' is not a host name, '*.' wildcard, IP address or CIDR block",
                clip(text, QUOTED)
            ));
        }
        Ok(if wildcard { Entry::Suffix(format!(".{name}")) } else { Entry::Host(name) })
    }
}

fn normalise(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

fn in_block(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// Addresses no allowed *name* may lead to: they are where an SSRF goes looking.
fn never_a_receiver(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_unspecified() || v4.is_multicast() || v4.is_broadcast() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unspecified() || v6.is_multicast() || (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// A delivery URL, taken apart.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Target {
    pub(super) host: String,
    pub(super) port: u16,
    /// What the `Host` header says.
    pub(super) authority: String,
    pub(super) path: String,
}

impl Target {
    /// Parses an `http://` URL; anything else is an error that names the reason.
    pub(super) fn parse(url: &str) -> Result<Target, String> {
        let quoted = || clip(url, QUOTED);
        let uri: Uri = url.parse().map_err(|e| format!("'{}' is not a URL: {e}", quoted()))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(s) if s.eq_ignore_ascii_case("https") => {
                return Err(format!("https is not supported by secmock (no TLS): '{}'", quoted()));
            }
            Some(other) => return Err(format!("scheme '{}' is not supported: '{}'", clip(other, 20), quoted())),
            None => return Err(format!("'{}' is not an absolute http:// URL", quoted())),
        }
        let authority = uri.authority().ok_or_else(|| format!("'{}' has no host", quoted()))?;
        if authority.as_str().contains('@') {
            return Err(format!("'{}': credentials in a delivery URL are not supported", quoted()));
        }
        let host = authority.host().trim_start_matches('[').trim_end_matches(']').to_string();
        if host.is_empty() {
            return Err(format!("'{}' has no host", quoted()));
        }
        Ok(Target {
            host,
            port: authority.port_u16().unwrap_or(80),
            authority: authority.as_str().to_string(),
            path: uri.path_and_query().map_or("/", |p| p.as_str()).to_string(),
        })
    }

    /// The addresses the host stands for: itself when it is an address, or what the
    /// resolver answers. A failed lookup may succeed later; it is worth a retry.
    pub(super) async fn lookup(&self) -> Result<Vec<SocketAddr>, String> {
        match self.host.parse::<IpAddr>() {
            Ok(ip) => Ok(vec![SocketAddr::new(ip, self.port)]),
            Err(_) => Ok(tokio::net::lookup_host((self.host.as_str(), self.port))
                .await
                .map_err(|e| format!("cannot resolve '{}': {e}", clip(&self.host, QUOTED)))?
                .collect()),
        }
    }

    /// The addresses to try, in order: those of `addrs` that `allow` admits. The caller
    /// connects to exactly these, so what was checked is what is reached.
    pub(super) fn pick(&self, addrs: &[SocketAddr], allow: &AllowList) -> Result<Vec<SocketAddr>, String> {
        let admitted: Vec<SocketAddr> = addrs.iter().copied().filter(|a| allow.admits(&self.host, a.ip())).collect();
        if !admitted.is_empty() {
            return Ok(admitted);
        }
        let seen: Vec<String> = addrs.iter().take(4).map(|a| a.ip().to_string()).collect();
        Err(format!(
            "destination not allowed: '{}' ({}); only loopback and the scenario's outbound.allow_hosts may receive deliveries",
            clip(&self.host, QUOTED),
            if seen.is_empty() { "no address".to_string() } else { seen.join(", ") }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(hosts: &[&str]) -> AllowList {
        AllowList::parse(&hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>()).expect("valid entries")
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn loopback_is_always_admitted_and_nothing_else_by_default() {
        let none = AllowList::default();
        for addr in ["127.0.0.1", "127.9.8.7", "::1", "::ffff:127.0.0.1"] {
            assert!(none.admits("anything.example", ip(addr)), "{addr}");
        }
        for addr in ["10.0.0.1", "192.0.2.1", "169.254.169.254", "::2", "0.0.0.0"] {
            assert!(!none.admits("localhost", ip(addr)), "{addr}");
        }
    }

    #[test]
    fn names_wildcards_and_blocks_admit_what_they_say() {
        let allow = list(&["Hooks.Example.TEST.", "*.ci.test", "10.0.0.0/8", "fd00::/8", "192.0.2.7"]);
        assert!(allow.admits("hooks.example.test", ip("203.0.113.5")));
        assert!(allow.admits("a.b.ci.test", ip("203.0.113.5")));
        assert!(!allow.admits("ci.test", ip("203.0.113.5")), "the wildcard is for names under it");
        assert!(!allow.admits("evil.test", ip("203.0.113.5")));
        assert!(allow.admits("evil.test", ip("10.20.30.40")), "the block admits its addresses");
        assert!(allow.admits("x", ip("fd12::1")));
        assert!(allow.admits("x", ip("192.0.2.7")));
        assert!(!allow.admits("x", ip("192.0.2.8")));
    }

    #[test]
    fn an_allowed_name_that_resolves_to_metadata_or_multicast_is_refused() {
        let allow = list(&["hooks.example.test"]);
        for addr in ["169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "fe80::1", "::"] {
            assert!(!allow.admits("hooks.example.test", ip(addr)), "{addr}");
        }
        assert!(list(&["169.254.169.254"]).admits("x", ip("169.254.169.254")), "unless listed itself");
    }

    #[test]
    fn bad_entries_are_refused_with_their_index() {
        for (bad, needle) in
            [("10.0.0.0/33", "prefix"), ("not a host", "not a host name"), ("", "not a host"), ("a..b", "not a host")]
        {
            let err = AllowList::parse(&["ok.test".to_string(), bad.to_string()]).expect_err(bad);
            assert!(err.starts_with("[1]: ") && err.contains(needle), "{err}");
        }
        let err = AllowList::parse(&vec!["a.test".to_string(); 257]).expect_err("too many");
        assert_eq!(err, ": 257 entries, at most 256 are allowed");
    }

    #[test]
    fn urls_are_taken_apart_or_refused_with_a_reason() {
        let t = Target::parse("http://127.0.0.1:8080/hook?x=1").expect("valid");
        assert_eq!((t.host.as_str(), t.port, t.path.as_str()), ("127.0.0.1", 8080, "/hook?x=1"));
        assert_eq!(Target::parse("http://[::1]/").expect("v6").host, "::1");
        assert_eq!(Target::parse("http://localhost").expect("no path").path, "/");
        for (bad, needle) in [
            ("https://hooks.example.test/", "https is not supported by secmock"),
            ("ftp://x/", "scheme 'ftp'"),
            ("/relative", "absolute"),
            ("http://user:pw@x/", "credentials"),
            ("not a url at all", "not a URL"),
        ] {
            let err = Target::parse(bad).expect_err(bad);
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }

    #[tokio::test]
    async fn resolution_connects_only_where_the_list_admits() {
        let allow = AllowList::default();
        let t = Target::parse("http://localhost:9/").expect("valid");
        let addrs = t.lookup().await.expect("localhost resolves");
        assert!(t.pick(&addrs, &allow).expect("loopback").iter().all(|a| a.ip().is_loopback()));
        let t = Target::parse("http://192.0.2.1/").expect("valid");
        let err = t.pick(&t.lookup().await.expect("a literal"), &allow).expect_err("refused");
        assert!(err.starts_with("destination not allowed: '192.0.2.1' (192.0.2.1)"), "{err}");
    }
}

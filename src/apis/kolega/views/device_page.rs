//! The approval page a device's `verification_uri` names: one self-contained HTML page (no
//! script, nothing loaded from elsewhere) that shows a pairing and lets the person at the
//! browser approve it for one of the scenario's organisations, or deny it.

use std::fmt::Write;

use crate::apis::kolega::model::device::{Pairing, PairingStatus};
use crate::formats::html::escape;

/// What the page shows.
pub(crate) enum Shown<'a> {
    /// No code yet, or one that matches nothing (`Some(typed)`).
    AskCode { unknown: Option<&'a str> },
    /// A pairing; `expired` when its time ran out undecided.
    Pairing { pairing: &'a Pairing, expired: bool },
}

/// An organisation the page offers: (id, name).
pub(crate) type Choice<'a> = (&'a str, &'a str);

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.4rem}.code{font:700 2rem/1 ui-monospace,monospace;letter-spacing:.2em;padding:.6rem 1rem;border:2px solid #444;display:inline-block;border-radius:6px}\
.note{color:#57606a;font-size:.9rem}.outcome{padding:.6rem 1rem;border-radius:6px;background:#eef6ee;border:1px solid #9c9}\
label{display:block;margin:.8rem 0 .2rem}select,input{font-size:1rem;padding:.3rem;width:100%}\
button{font-size:1rem;padding:.4rem 1.2rem;margin:1rem .6rem 0 0}";

/// The whole page.
pub(crate) fn render(shown: &Shown<'_>, orgs: &[Choice<'_>], outcome: Option<&str>) -> String {
    let mut html = String::with_capacity(2048);
    html.push_str("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(html, "<title>Pair a device · Kolega DevSec (secmock)</title><style>{STYLE}</style></head><body>");
    html.push_str("<h1>Pair a device with Kolega DevSec</h1>");
    if let Some(outcome) = outcome {
        let _ = write!(html, "<p class=\"outcome\" id=\"outcome\">{}</p>", escape(outcome));
    }
    match shown {
        Shown::AskCode { unknown } => ask_code(&mut html, *unknown),
        Shown::Pairing { pairing, expired } => show_pairing(&mut html, pairing, *expired, orgs),
    }
    html.push_str(
        "<p class=\"note\">Served by secmock: whoever opens this page acts for the organisation they pick.</p>",
    );
    html.push_str("</body></html>");
    html
}

fn ask_code(html: &mut String, unknown: Option<&str>) {
    if let Some(typed) = unknown {
        let _ = write!(html, "<p id=\"status\">No pairing has the code <b>{}</b>.</p>", escape(typed));
    }
    html.push_str(
        "<form method=\"get\" action=\"/device\"><label for=\"user_code\">The code your device shows</label>",
    );
    html.push_str(
        "<input id=\"user_code\" name=\"user_code\" maxlength=\"32\" autocomplete=\"off\" placeholder=\"XXXX-XXXX\">",
    );
    html.push_str("<button type=\"submit\">Continue</button></form>");
}

fn show_pairing(html: &mut String, pairing: &Pairing, expired: bool, orgs: &[Choice<'_>]) {
    let client = pairing.client_name.as_deref().unwrap_or("A device");
    let _ = write!(html, "<p><b>{}</b> asks to be paired. Check that it shows this code:</p>", escape(client));
    let _ = write!(html, "<p class=\"code\" id=\"user_code\">{}</p>", escape(&pairing.user_code));
    let status = match (pairing.status, expired) {
        (PairingStatus::Pending, true) => "This request has expired. Start again on the device.",
        (PairingStatus::Pending, false) => "",
        (PairingStatus::Approved | PairingStatus::Consumed, _) => "This device is paired.",
        (PairingStatus::Denied, _) => "This request was denied.",
    };
    if !status.is_empty() {
        let _ = write!(html, "<p id=\"status\">{status}</p>");
        return;
    }
    let code = escape(&pairing.user_code);
    html.push_str("<form method=\"post\" action=\"/device\">");
    let _ = write!(html, "<input type=\"hidden\" name=\"user_code\" value=\"{code}\">");
    html.push_str(
        "<label for=\"organization_id\">Organisation</label><select id=\"organization_id\" name=\"organization_id\">",
    );
    for (id, name) in orgs {
        let _ = write!(html, "<option value=\"{}\">{}</option>", escape(id), escape(name));
    }
    html.push_str("</select>");
    html.push_str("<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>");
    html.push_str("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>");
    let expires = pairing.expires_at.strftime("%Y-%m-%d %H:%M:%S UTC");
    let _ = write!(html, "<p class=\"note\">The request expires at {expires}.</p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_request_typed_is_escaped() {
        let page = render(&Shown::AskCode { unknown: Some("<script>x</script>") }, &[], Some("a \"b\""));
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;") && !page.contains("<script>"), "{page}");
        assert!(page.contains("a &quot;b&quot;"));
    }
}

//! Bodies for media types other than JSON: an HTML page, a minimal but valid PDF, an
//! event stream, plain text. Used when the contract declares such a response and neither
//! an example nor a behaviour provides the bytes.

use crate::formats::html::escape;
use serde_json::Value;

/// The bytes to send for `value` (an example or generated value) as `media_type`.
pub(crate) fn render(media_type: &str, value: &Value, title: &str) -> Vec<u8> {
    let text = match value {
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    match media_type {
        "text/html" => text.unwrap_or_else(|| html_page(title, value)).into_bytes(),
        "application/pdf" => match text {
            Some(t) if t.starts_with("%PDF-") => t.into_bytes(),
            _ => pdf(title),
        },
        "text/event-stream" => match text {
            Some(t) if t.contains("data:") => t.into_bytes(),
            _ => format!("event: message\ndata: {}\n\n", compact(value)).into_bytes(),
        },
        _ => text.unwrap_or_else(|| compact(value)).into_bytes(),
    }
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn html_page(title: &str, value: &Value) -> String {
    let body = serde_json::to_string_pretty(value).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head>\n<body><h1>{t}</h1><pre>{b}</pre></body></html>\n",
        t = escape(title),
        b = escape(&body)
    )
}

/// A one-page PDF with `title` on it; small, but a real PDF any reader opens.
fn pdf(title: &str) -> Vec<u8> {
    let safe: String = title.chars().filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\')).collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pdf_is_well_formed() {
        let pdf = render("application/pdf", &json!(null), "Scan report");
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .expect("startxref");
        assert!(text[xref..].starts_with("xref"));
    }

    #[test]
    fn html_escapes_and_event_streams_frame() {
        let html = String::from_utf8(render("text/html", &json!({"a": "<b>"}), "T&C")).expect("utf8");
        assert!(html.contains("<title>T&amp;C</title>") && html.contains("&lt;b&gt;"));
        assert_eq!(render("text/event-stream", &json!({"x": 1}), ""), b"event: message\ndata: {\"x\":1}\n\n");
    }
}

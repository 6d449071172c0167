//! The interactive documentation pages: Swagger UI (`/docs`) and ReDoc (`/redoc`).
//!
//! Both pages are plain HTML that load their viewer from files vendored under
//! `assets/docs/` (see its `README.md` for versions and how to update them) and compiled
//! into the binary, so they work without network access. The pages ask for those files
//! below [`ASSET_PREFIX`]; the server answers such requests with [`asset`].
//!
//! The Swagger UI page is the one FastAPI emits for its own `/docs` (same layout and
//! `SwaggerUIBundle` options); the ReDoc page follows FastAPI's `/redoc`, minus the web
//! fonts it fetches from the internet, plus links to `/docs` and the spec shown when ReDoc
//! cannot start.
//!
//! This module depends on `std` only.

/// Where the pages expect their assets: a page asks for
/// `/__secmock/assets/swagger-ui/swagger-ui-bundle.js`, and the server answers it with
/// `asset("swagger-ui/swagger-ui-bundle.js")`.
pub(crate) const ASSET_PREFIX: &str = "/__secmock/assets/";

use crate::formats::html::escape;

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const PNG: &str = "image/png";
const TEXT: &str = "text/plain; charset=utf-8";

/// Every file that is served: (path below [`ASSET_PREFIX`], content type, bytes).
/// This table is the whole lookup; nothing is ever read from the file system.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("swagger-ui/swagger-ui-bundle.js", JS, include_bytes!("../../assets/docs/swagger-ui/swagger-ui-bundle.js")),
    ("swagger-ui/swagger-ui.css", CSS, include_bytes!("../../assets/docs/swagger-ui/swagger-ui.css")),
    ("swagger-ui/favicon-32x32.png", PNG, include_bytes!("../../assets/docs/swagger-ui/favicon-32x32.png")),
    ("swagger-ui/LICENSE", TEXT, include_bytes!("../../assets/docs/swagger-ui/LICENSE")),
    ("swagger-ui/NOTICE", TEXT, include_bytes!("../../assets/docs/swagger-ui/NOTICE")),
    (
        "swagger-ui/swagger-ui-bundle.js.LICENSE.txt",
        TEXT,
        include_bytes!("../../assets/docs/swagger-ui/swagger-ui-bundle.js.LICENSE.txt"),
    ),
    ("redoc/redoc.standalone.js", JS, include_bytes!("../../assets/docs/redoc/redoc.standalone.js")),
    ("redoc/LICENSE", TEXT, include_bytes!("../../assets/docs/redoc/LICENSE")),
    (
        "redoc/redoc.standalone.js.LICENSE.txt",
        TEXT,
        include_bytes!("../../assets/docs/redoc/redoc.standalone.js.LICENSE.txt"),
    ),
];

const SWAGGER_JS: &str = "swagger-ui/swagger-ui-bundle.js";
const SWAGGER_CSS: &str = "swagger-ui/swagger-ui.css";
const FAVICON: &str = "swagger-ui/favicon-32x32.png";
const REDOC_JS: &str = "redoc/redoc.standalone.js";

/// The Swagger UI page for a spec served at `spec_url` (e.g. `"/openapi.json"`), titled
/// `title`.
///
/// The same page FastAPI serves at `/docs` (`BaseLayout`, deep linking, extensions shown),
/// loading Swagger UI from [`ASSET_PREFIX`] instead of a CDN. `title` is HTML-escaped and
/// `spec_url` JavaScript-string-escaped, so neither can break out of its context. Serve it
/// as `text/html; charset=utf-8`.
pub(crate) fn swagger_ui_page(title: &str, spec_url: &str) -> String {
    let title = escape(title);
    let spec_url = js_string(spec_url);
    let css = escape(&asset_url(SWAGGER_CSS));
    let favicon = escape(&asset_url(FAVICON));
    let js = escape(&asset_url(SWAGGER_JS));
    format!(
        r##"<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link type="text/css" rel="stylesheet" href="{css}">
<link rel="shortcut icon" href="{favicon}">
<title>{title}</title>
</head>
<body>
<div id="swagger-ui">
</div>
<script src="{js}"></script>
<!-- `SwaggerUIBundle` is now available on the page -->
<script>
const ui = SwaggerUIBundle({{
    url: '{spec_url}',
"dom_id": "#swagger-ui",
"layout": "BaseLayout",
"deepLinking": true,
"showExtensions": true,
"showCommonExtensions": true,
presets: [
    SwaggerUIBundle.presets.apis,
    SwaggerUIBundle.SwaggerUIStandalonePreset
    ],
}})
</script>
</body>
</html>
"##
    )
}

/// The ReDoc page for a spec served at `spec_url`, titled `title`.
///
/// Like FastAPI's `/redoc`, but ReDoc comes from [`ASSET_PREFIX`] and no web fonts are
/// fetched (the page must work offline). If ReDoc cannot start (its script did not load,
/// or the spec could not be loaded) or JavaScript is off, the page offers plain links to
/// the Swagger UI page (`/docs`) and to the spec itself. `title` and the spec link are
/// HTML-escaped and `spec_url` is JavaScript-string-escaped in the script. Serve it as
/// `text/html; charset=utf-8`.
pub(crate) fn redoc_page(title: &str, spec_url: &str) -> String {
    let title = escape(title);
    let spec_href = escape(spec_url);
    let spec_js = js_string(spec_url);
    let favicon = escape(&asset_url(FAVICON));
    let js = escape(&asset_url(REDOC_JS));
    format!(
        r##"<!DOCTYPE html>
<html>
<head>
<title>{title}</title>
<!-- needed for adaptive design -->
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="shortcut icon" href="{favicon}">
<!--
ReDoc doesn't change outer page styles
-->
<style>
  body {{
    margin: 0;
    padding: 0;
  }}
  #redoc-fallback {{
    font-family: sans-serif;
    margin: 2em;
  }}
</style>
</head>
<body>
<noscript>
    <p>ReDoc requires Javascript to function. Please enable it to browse the documentation,
    or read the <a href="{spec_href}">OpenAPI document</a> itself.</p>
</noscript>
<div id="redoc-fallback" hidden>
    <p>ReDoc could not display this documentation.</p>
    <ul>
        <li><a href="/docs">Interactive documentation (Swagger UI)</a></li>
        <li><a href="{spec_href}">OpenAPI document</a></li>
    </ul>
</div>
<div id="redoc-container"></div>
<script src="{js}"> </script>
<script>
(function () {{
    var specUrl = '{spec_js}';
    function fallback() {{
        document.getElementById('redoc-fallback').hidden = false;
    }}
    if (typeof Redoc === 'undefined') {{
        fallback();
        return;
    }}
    try {{
        Redoc.init(specUrl, {{}}, document.getElementById('redoc-container'), function (error) {{
            if (error) {{
                fallback();
            }}
        }});
    }} catch (e) {{
        fallback();
    }}
}})();
</script>
</body>
</html>
"##
    )
}

/// A vendored asset by the path it is served under, below the fixed prefix
/// [`ASSET_PREFIX`] (e.g. `"swagger-ui/swagger-ui-bundle.js"`): returns its content type
/// and bytes, or `None`.
///
/// The path must match an entry of a fixed table exactly (no leading `/`, no query string,
/// no percent-decoding), so `..`, absolute paths and anything else not vendored are `None`.
pub(crate) fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS.iter().find(|(p, _, _)| *p == path).map(|&(_, content_type, bytes)| (content_type, bytes))
}

fn asset_url(path: &str) -> String {
    format!("{ASSET_PREFIX}{path}")
}

/// Escapes text for a single- or double-quoted JavaScript string inside an HTML `<script>`
/// element. Letters, digits and the punctuation URLs are made of pass through; everything
/// else (quotes, backslash, `<`, `>`, `&`, controls, line separators, non-ASCII) becomes a
/// `\uXXXX` escape, so the result can neither end the string nor the script element.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_page_matches_fastapi_layout() {
        let page = swagger_ui_page("Kolega API - Swagger UI", "/openapi.json");
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<title>Kolega API - Swagger UI</title>"));
        assert!(page.contains("<div id=\"swagger-ui\">"));
        assert!(page.contains("const ui = SwaggerUIBundle({"));
        assert!(page.contains("url: '/openapi.json',"));
        for option in [
            "\"dom_id\": \"#swagger-ui\",",
            "\"layout\": \"BaseLayout\",",
            "\"deepLinking\": true,",
            "\"showExtensions\": true,",
            "\"showCommonExtensions\": true,",
            "SwaggerUIBundle.presets.apis,",
            "SwaggerUIBundle.SwaggerUIStandalonePreset",
        ] {
            assert!(page.contains(option), "missing {option}");
        }
    }

    #[test]
    fn pages_reference_only_served_assets() {
        for page in [swagger_ui_page("t", "/openapi.json"), redoc_page("t", "/openapi.json")] {
            let mut rest = page.as_str();
            let mut seen = 0;
            while let Some(at) = rest.find(ASSET_PREFIX) {
                let tail = &rest[at + ASSET_PREFIX.len()..];
                let end = tail.find('"').expect("asset URL ends with a quote");
                assert!(asset(&tail[..end]).is_some(), "page links to unserved {}", &tail[..end]);
                seen += 1;
                rest = &tail[end..];
            }
            assert!(seen >= 2, "page should load its viewer and a favicon from ASSET_PREFIX");
            assert!(!page.contains("http://") && !page.contains("https://"), "page must not need the network");
        }
        let swagger = swagger_ui_page("t", "/openapi.json");
        assert!(swagger.contains("src=\"/__secmock/assets/swagger-ui/swagger-ui-bundle.js\""));
        assert!(swagger.contains("href=\"/__secmock/assets/swagger-ui/swagger-ui.css\""));
        let redoc = redoc_page("t", "/openapi.json");
        assert!(redoc.contains("src=\"/__secmock/assets/redoc/redoc.standalone.js\""));
    }

    #[test]
    fn redoc_page_has_spec_and_fallback() {
        let page = redoc_page("Kolega API - ReDoc", "/openapi.json");
        assert!(page.contains("<title>Kolega API - ReDoc</title>"));
        assert!(page.contains("var specUrl = '/openapi.json';"));
        assert!(page.contains("Redoc.init(specUrl"));
        assert!(page.contains("<a href=\"/docs\">"));
        assert!(page.contains("<a href=\"/openapi.json\">"));
        assert!(page.contains("<div id=\"redoc-fallback\" hidden>"));
    }

    #[test]
    fn title_is_html_escaped() {
        let evil = "</title><script>alert('x')</script> & \"q\"";
        for page in [swagger_ui_page(evil, "/openapi.json"), redoc_page(evil, "/openapi.json")] {
            assert!(!page.contains("<script>alert"));
            assert!(page.contains(
                "<title>&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</title>"
            ));
        }
    }

    #[test]
    fn spec_url_cannot_escape_the_js_string_or_script() {
        let evil = "/x.json'});alert(1);//</script><script>alert(2)</script>\"\\\n\u{2028}";
        for page in [swagger_ui_page("t", evil), redoc_page("t", evil)] {
            assert!(!page.contains("'});alert(1)") && !page.contains("'}"));
            assert!(!page.contains("</script><script>alert(2)"));
            assert!(page.contains(
                "/x.json\\u0027\\u007D);alert(1);//\\u003C/script\\u003E\\u003Cscript\\u003Ealert(2)\\u003C/script\\u003E\\u0022\\u005C\\u000A\\u2028'"
            ));
            // Only the page's own script elements close.
            assert_eq!(page.matches("</script>").count(), page.matches("<script").count());
        }
        // In the ReDoc fallback link the same URL is HTML-escaped instead.
        let page = redoc_page("t", "/a\"><img src=x onerror=alert(1)>");
        assert!(!page.contains("<img"));
        assert!(page.contains("<a href=\"/a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"));
    }

    #[test]
    fn js_string_keeps_urls_readable_and_escapes_the_rest() {
        assert_eq!(js_string("/api/v1/openapi.json?x=1&y=2#frag"), "/api/v1/openapi.json?x=1\\u0026y=2#frag");
        assert_eq!(js_string("http://127.0.0.1:8080/openapi.json"), "http://127.0.0.1:8080/openapi.json");
        assert_eq!(js_string("é😀"), "\\u00E9\\uD83D\\uDE00");
        assert_eq!(js_string(""), "");
    }

    #[test]
    fn asset_hits() {
        let (ct, js) = asset("swagger-ui/swagger-ui-bundle.js").expect("bundle is vendored");
        assert_eq!(ct, "text/javascript; charset=utf-8");
        assert!(js.len() > 100_000 && js.windows(15).any(|w| w == b"SwaggerUIBundle"));
        let (ct, css) = asset("swagger-ui/swagger-ui.css").expect("css is vendored");
        assert_eq!(ct, "text/css; charset=utf-8");
        assert!(css.windows(11).any(|w| w == b".swagger-ui"));
        let (ct, png) = asset("swagger-ui/favicon-32x32.png").expect("favicon is vendored");
        assert_eq!(ct, "image/png");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let (ct, redoc) = asset("redoc/redoc.standalone.js").expect("redoc is vendored");
        assert_eq!(ct, "text/javascript; charset=utf-8");
        assert!(redoc.windows(5).any(|w| w == b"Redoc"));
        let (ct, licence) = asset("swagger-ui/LICENSE").expect("licence is served");
        assert_eq!(ct, "text/plain; charset=utf-8");
        assert!(licence.windows(14).any(|w| w == b"Apache License"));
        let (_, licence) = asset("redoc/LICENSE").expect("licence is served");
        assert!(licence.windows(15).any(|w| w == b"The MIT License"));
        for (path, _, bytes) in ASSETS {
            assert!(!bytes.is_empty(), "{path} is empty");
            assert!(asset(path).is_some());
        }
    }

    #[test]
    fn asset_misses() {
        for path in [
            "",
            "/",
            "swagger-ui",
            "swagger-ui/",
            "swagger-ui/index.html",
            "swagger-ui/swagger-ui-bundle.js.map",
            "swagger-ui/swagger-ui-standalone-preset.js",
            "redoc/redoc.standalone.js.map",
            "README.md",
            "/swagger-ui/swagger-ui-bundle.js",
            "/__secmock/assets/swagger-ui/swagger-ui-bundle.js",
            "swagger-ui/swagger-ui-bundle.js?v=1",
            "Swagger-UI/swagger-ui-bundle.js",
            "swagger-ui/swagger-ui-bundle.js\0",
        ] {
            assert_eq!(asset(path), None, "{path:?} should not be served");
        }
    }

    #[test]
    fn asset_rejects_traversal() {
        for path in [
            "../Cargo.toml",
            "../../Cargo.toml",
            "../../../etc/passwd",
            "/etc/passwd",
            "swagger-ui/../../../Cargo.toml",
            "swagger-ui/../redoc/redoc.standalone.js",
            "./swagger-ui/swagger-ui.css",
            "swagger-ui/./swagger-ui.css",
            "swagger-ui//swagger-ui.css",
            "..%2FCargo.toml",
            "%2e%2e/Cargo.toml",
            "swagger-ui%2Fswagger-ui.css",
            "..\\Cargo.toml",
            "swagger-ui\\swagger-ui.css",
            "src/docs/mod.rs",
            "../src/docs/mod.rs",
        ] {
            assert_eq!(asset(path), None, "{path:?} should not be served");
        }
    }

    #[test]
    fn asset_table_is_well_formed() {
        for (i, (path, content_type, _)) in ASSETS.iter().enumerate() {
            assert!(!path.starts_with('/') && !path.contains("..") && !path.contains('\\'), "{path}");
            assert!(!content_type.is_empty());
            assert!(ASSETS[..i].iter().all(|(p, _, _)| p != path), "{path} listed twice");
        }
    }
}

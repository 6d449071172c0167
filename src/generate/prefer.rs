//! The `Prefer` request header, as Prism reads it: `Prefer: code=404`,
//! `Prefer: example=quota-exhausted`, `Prefer: dynamic=true` (several may be combined,
//! comma- or semicolon-separated).

use http::HeaderMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefer {
    /// Answer with this declared status.
    pub code: Option<u16>,
    /// Answer with this named example.
    pub example: Option<String>,
    /// Generate from the schema even where examples exist.
    pub dynamic: bool,
}

impl Prefer {
    pub fn from_headers(headers: &HeaderMap) -> Prefer {
        let mut prefer = Prefer::default();
        for value in headers.get_all("prefer").iter().filter_map(|v| v.to_str().ok()) {
            for item in value.split([',', ';']) {
                let Some((key, val)) = item.split_once('=') else { continue };
                let val = val.trim().trim_matches('"');
                match key.trim().to_ascii_lowercase().as_str() {
                    "code" => prefer.code = val.parse().ok(),
                    "example" => prefer.example = Some(val.to_string()),
                    "dynamic" => prefer.dynamic = val.eq_ignore_ascii_case("true"),
                    _ => {}
                }
            }
        }
        prefer
    }

    /// Whether the client asked for anything in particular.
    pub fn is_set(&self) -> bool {
        self.code.is_some() || self.example.is_some() || self.dynamic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prism_style_preferences() {
        let mut h = HeaderMap::new();
        h.insert("prefer", "code=404, example=\"missing\"".parse().expect("header"));
        h.append("prefer", "dynamic=true".parse().expect("header"));
        assert_eq!(
            Prefer::from_headers(&h),
            Prefer { code: Some(404), example: Some("missing".into()), dynamic: true }
        );
        assert!(!Prefer::from_headers(&HeaderMap::new()).is_set());
    }
}

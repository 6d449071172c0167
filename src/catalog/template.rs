//! Filling `{name}` placeholders in the catalog's texts. One pass over the text, written
//! into one string: a 100k-finding world fills several texts per finding, and chained
//! `str::replace` calls (one allocation and one search per placeholder) were a third of
//! loading one (benches/README.md, issue 14).

/// `text` with every `{name}` that `values` names replaced by its value; any other brace
/// is kept as written. Values are not searched for placeholders themselves.
pub(crate) fn substitute(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, value)| (*value, close))
        });
        match named {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `s` with its first letter upper-cased.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii() => {
            let mut out = String::with_capacity(s.len());
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
            out
        }
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_other_braces_kept() {
        let values = [("res", "orders"), ("one", "order"), ("file", "{res}.ts")];
        assert_eq!(substitute("{one} of {res} in {file}", &values), "order of orders in {res}.ts");
        assert_eq!(substitute("{ {unknown} {res", &values), "{ {unknown} {res");
        assert_eq!(substitute("no placeholder", &values), "no placeholder");
        assert_eq!(substitute("{res}{res}", &values), "ordersorders");
    }

    #[test]
    fn capitalise_upper_cases_the_first_letter() {
        assert_eq!(capitalise("order"), "Order");
        assert_eq!(capitalise("éclair"), "Éclair");
        assert_eq!(capitalise(""), "");
    }
}

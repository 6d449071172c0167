//! Arrays: `items`, `prefixItems`, `contains`, length bounds and `uniqueItems`.

use rand::Rng;
use serde_json::Value;

use super::accept::json_eq;
use super::flatten::{Ctx, Flat};
use super::util::range_i64;
use super::{Generator, MAX_ITEMS};

impl<'d> Generator<'d> {
    pub(super) fn gen_array<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &mut Ctx<'a>,
        rng: &mut R,
    ) -> Value
    where
        'd: 'a,
    {
        let items: Vec<&'a Value> = flat.all("items").collect();
        let prefixes: Vec<&'a Vec<Value>> = flat.all("prefixItems").filter_map(Value::as_array).collect();
        let prefix_len = prefixes.iter().map(|p| p.len()).max().unwrap_or(0);
        let contains: Vec<&'a Value> = flat.all("contains").collect();
        let min_contains =
            if contains.is_empty() { 0 } else { flat.max_count("minContains").unwrap_or(1).min(MAX_ITEMS) };

        let min_items = flat.max_count("minItems").unwrap_or(0).max(min_contains).min(MAX_ITEMS);
        let mut max_items = flat.min_count("maxItems").unwrap_or(usize::MAX);
        if items.iter().any(|s| **s == Value::Bool(false)) {
            max_items = max_items.min(prefix_len);
        }
        let n = if ctx.minimal {
            min_items
        } else {
            let lo = min_items.max(1);
            let hi = min_items.max(3);
            range_i64(rng, lo as i64, hi as i64) as usize
        }
        .min(max_items.max(min_items.min(max_items)))
        .min(MAX_ITEMS);

        let unique = flat.flag("uniqueItems");
        let mut out: Vec<Value> = Vec::with_capacity(n);
        for i in 0..n {
            let mut subs: Vec<&'a Value> = Vec::new();
            if i < prefix_len {
                subs.extend(prefixes.iter().filter_map(|p| p.get(i)));
            } else {
                subs.extend(items.iter().copied());
            }
            if i < min_contains {
                subs.extend(contains.iter().copied());
            }
            let mut value = self.gen_node(&subs, name, ctx, rng);
            if !unique && !value.is_object() && !value.is_array() {
                // Repeated scalars read oddly (`["read", "read"]`): a couple of tries for another.
                for _ in 0..2 {
                    if !out.iter().any(|v| json_eq(v, &value)) {
                        break;
                    }
                    value = self.gen_node(&subs, name, ctx, rng);
                }
            }
            if unique {
                let mut tries = 0;
                while out.iter().any(|v| json_eq(v, &value)) && tries < 12 {
                    value = self.gen_node(&subs, name, ctx, rng);
                    tries += 1;
                }
                if out.iter().any(|v| json_eq(v, &value)) && out.len() >= min_items {
                    break;
                }
                // Nothing new to say: keep the duplicate (the schema asks too much).
            }
            out.push(value);
        }
        Value::Array(out)
    }
}

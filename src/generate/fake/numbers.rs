//! Integers and numbers: bounds (3.1 numeric and 3.0 boolean exclusives), `multipleOf`, and
//! name-based default ranges.

use rand::Rng;
use serde_json::Value;

use super::Generator;
use super::flatten::Flat;
use super::util::{range_f64, range_i64};
use super::vocabulary as vocab;

impl<'d> Generator<'d> {
    /// `(lower, lower_exclusive, upper, upper_exclusive)` from `minimum`, `maximum` and the
    /// numeric (3.1) or boolean (3.0) `exclusiveMinimum`/`exclusiveMaximum`.
    fn bounds(&self, flat: &Flat<'_>) -> (Option<f64>, bool, Option<f64>, bool) {
        let mut lo = flat.max_f64("minimum");
        let mut lo_ex = false;
        if let Some(ex) = flat.max_f64("exclusiveMinimum") {
            if lo.is_none_or(|l| ex >= l) {
                lo = Some(ex);
                lo_ex = true;
            }
        } else if flat.flag("exclusiveMinimum") {
            lo_ex = lo.is_some();
        }
        let mut hi = flat.min_f64("maximum");
        let mut hi_ex = false;
        if let Some(ex) = flat.min_f64("exclusiveMaximum") {
            if hi.is_none_or(|h| ex <= h) {
                hi = Some(ex);
                hi_ex = true;
            }
        } else if flat.flag("exclusiveMaximum") {
            hi_ex = hi.is_some();
        }
        (lo, lo_ex, hi, hi_ex)
    }

    /// The first positive finite `multipleOf`.
    fn multiple_of(&self, flat: &Flat<'_>) -> Option<f64> {
        flat.all("multipleOf").filter_map(Value::as_f64).find(|m| m.is_finite() && *m > 0.0)
    }

    pub(super) fn gen_integer<R: Rng + ?Sized>(&self, flat: &Flat<'_>, name: Option<&str>, rng: &mut R) -> Value {
        const SAFE: f64 = 9.0e15;
        let (lo, lo_ex, hi, hi_ex) = self.bounds(flat);
        let lo_i = lo.map(|l| if lo_ex { l.floor() + 1.0 } else { l.ceil() }).map(|l| l.clamp(-SAFE, SAFE) as i64);
        let hi_i = hi.map(|h| if hi_ex { h.ceil() - 1.0 } else { h.floor() }).map(|h| h.clamp(-SAFE, SAFE) as i64);
        let (mut a, mut b) = match (lo_i, hi_i) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l.saturating_add(1000)),
            (None, Some(h)) => (if h >= 1000 { 0 } else { h.saturating_sub(1000) }.min(h), h),
            (None, None) => (0, 1000),
        };
        if let Some((hl, hh)) = name.and_then(vocab::number_range_for) {
            let (l, h) = (a.max(hl), b.min(hh));
            if l <= h {
                (a, b) = (l, h);
            }
        }
        let mut step = self.multiple_of(flat).map(|m| {
            if m.fract() == 0.0 {
                m.min(SAFE) as i64
            } else {
                // The smallest integer multiple of a fractional step.
                (1..=1000i64)
                    .map(|k| k as f64 * m)
                    .find(|x| (x - x.round()).abs() < 1e-9)
                    .map_or(1, |x| x.round() as i64)
            }
        });
        if step == Some(0) {
            step = None;
        }
        let value = match step {
            Some(s) if s > 1 => {
                let k_lo = a.div_euclid(s) + i64::from(a.rem_euclid(s) != 0);
                let k_hi = b.div_euclid(s);
                let k = if k_lo <= k_hi {
                    range_i64(rng, k_lo, k_hi)
                } else {
                    // Widen to the declared bounds when the hinted range held no multiple.
                    let (al, bl) = (lo_i.unwrap_or(i64::MIN / 2), hi_i.unwrap_or(i64::MAX / 2));
                    let (kl, kh) = (al.div_euclid(s) + i64::from(al.rem_euclid(s) != 0), bl.div_euclid(s));
                    if kl <= kh { kl.max(0).min(kh) } else { kl }
                };
                k.saturating_mul(s)
            }
            _ => range_i64(rng, a, b),
        };
        Value::from(value)
    }

    pub(super) fn gen_number<R: Rng + ?Sized>(&self, flat: &Flat<'_>, name: Option<&str>, rng: &mut R) -> Value {
        let (lo, lo_ex, hi, hi_ex) = self.bounds(flat);
        let (mut a, mut b) = match (lo, hi) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l + 1000.0),
            (None, Some(h)) => (if h >= 1000.0 { 0.0 } else { h - 1000.0 }, h),
            (None, None) => (0.0, 1000.0),
        };
        if let Some((hl, hh)) = name.and_then(vocab::number_range_for) {
            let (l, h) = (a.max(hl as f64), b.min(hh as f64));
            if l <= h {
                (a, b) = (l, h);
            }
        }
        let inside = |x: f64| {
            x.is_finite()
                && lo.is_none_or(|l| if lo_ex { x > l } else { x >= l })
                && hi.is_none_or(|h| if hi_ex { x < h } else { x <= h })
        };
        if let Some(m) = self.multiple_of(flat) {
            let decimals = decimals_of(m);
            let k_lo = (a / m).ceil();
            let k_hi = (b / m).floor();
            for _ in 0..16 {
                let k = if k_lo <= k_hi && (k_hi - k_lo) < 9.0e15 {
                    range_i64(rng, k_lo as i64, k_hi as i64) as f64
                } else {
                    k_lo
                };
                let x = round_to(k * m, decimals);
                if inside(x) {
                    return number_value(x);
                }
            }
            return number_value(round_to(k_lo * m, decimals));
        }
        for _ in 0..16 {
            let x = round_to(range_f64(rng, a, b), 2);
            if inside(x) {
                return number_value(x);
            }
        }
        for x in [range_f64(rng, a, b), (a + b) / 2.0, a, b] {
            if inside(x) {
                return number_value(x);
            }
        }
        number_value(a)
    }
}

fn decimals_of(m: f64) -> i32 {
    let text = format!("{m}");
    match text.split_once('.') {
        Some((_, frac)) => frac.len().min(12) as i32,
        None => 0,
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    if r.is_finite() { r } else { x }
}

fn number_value(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::from(0), Value::Number)
}

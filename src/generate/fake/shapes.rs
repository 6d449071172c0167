//! Common string shapes (months, dates, naive timestamps, amounts, versions) that narrow
//! patterns are tested against once and filled from before sampling the pattern.

use rand::{Rng, RngExt};

use super::Generator;
use super::vocabulary::Hint;

/// Common string shapes, tried before sampling a narrow pattern: `^[0-9]{4}-(0[1-9]|1[0-2])$`
/// reads better as `2026-03` than as `8301-11`.
#[derive(Clone, Copy, Debug)]
pub(super) enum Shape {
    UrnUuid,
    Uuid,
    Month,
    Date,
    NaiveMicros,
    Naive,
    Rfc3339,
    Amount,
    Rate,
    Count,
    Semver,
    MajorMinor,
}

/// A sample of each shape, in order of preference, to test patterns against once.
pub(super) const SHAPE_SAMPLES: &[(Shape, &str)] = &[
    (Shape::UrnUuid, "urn:uuid:3f2c1a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    (Shape::Uuid, "3f2c1a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    (Shape::Month, "2026-03"),
    (Shape::Date, "2026-03-14"),
    (Shape::NaiveMicros, "2026-03-14T10:22:31.123456"),
    (Shape::Naive, "2026-03-14T10:22:31"),
    (Shape::Rfc3339, "2026-03-14T10:22:31Z"),
    (Shape::Amount, "123.45"),
    (Shape::Rate, "0.1234"),
    (Shape::Count, "123"),
    (Shape::Semver, "1.12.3"),
    (Shape::MajorMinor, "1.2"),
];

impl<'d> Generator<'d> {
    /// A fresh string of a common shape.
    pub(super) fn shape_value<R: Rng + ?Sized>(&self, shape: Shape, rng: &mut R) -> String {
        match shape {
            Shape::UrnUuid => format!("urn:uuid:{}", self.uuid(rng)),
            Shape::Uuid => self.uuid(rng),
            Shape::Month => self.timestamp(rng).strftime("%Y-%m").to_string(),
            Shape::Date => self.timestamp(rng).strftime("%Y-%m-%d").to_string(),
            Shape::NaiveMicros => {
                let micros = rng.random_range(0..1_000_000);
                format!("{}.{micros:06}", self.timestamp(rng).strftime("%Y-%m-%dT%H:%M:%S"))
            }
            Shape::Naive => self.timestamp(rng).strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            Shape::Rfc3339 => self.timestamp(rng).to_string(),
            Shape::Amount => format!("{:.2}", rng.random_range(100..200_000) as f64 / 100.0),
            Shape::Rate => format!("{:.4}", rng.random_range(1..20_000) as f64 / 10_000.0),
            Shape::Count => rng.random_range(1..1000).to_string(),
            Shape::Semver => self.hint_value(Hint::Semver, rng),
            Shape::MajorMinor => format!("{}.{}", rng.random_range(1..4), rng.random_range(0..20)),
        }
    }
}

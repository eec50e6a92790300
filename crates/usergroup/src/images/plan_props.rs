//! Property tests of srcset planning ([`super::plan`]): for every role and any source width,
//! the widths are never above the source, sorted, unique, and exactly the role's widths that
//! fit plus the source's own width when it is narrower than the widest.

use proptest::prelude::*;

use super::plan::{plan_widths, scaled_height};
use crate::model::ImageRole;

fn role() -> impl Strategy<Value = ImageRole> {
    prop_oneof![
        Just(ImageRole::Banner),
        Just(ImageRole::CityCard),
        Just(ImageRole::Avatar),
        Just(ImageRole::Icon),
    ]
}

proptest! {
    #[test]
    fn widths_fit_the_source_sorted_and_unique(role in role(), source in 1u32..=100_000) {
        let settings = super::EncodeSettings::default();
        let role_widths = settings.widths.of(role);
        let widths = plan_widths(role_widths, source);
        prop_assert!(!widths.is_empty());
        prop_assert!(widths.iter().all(|&w| w <= source), "{widths:?} above {source}");
        prop_assert!(widths.windows(2).all(|p| p[0] < p[1]), "{widths:?} not sorted and unique");
        let widest = role_widths.iter().copied().max().unwrap_or(0);
        prop_assert_eq!(widths.last().copied(), Some(source.min(widest)));
        for &w in &widths {
            prop_assert!(role_widths.contains(&w) || w == source, "{w} comes from nowhere");
        }
        for &w in role_widths.iter().filter(|&&w| w <= source) {
            prop_assert!(widths.contains(&w), "{w} fits {source} but is missing");
        }
    }

    #[test]
    fn heights_keep_the_ratio_and_never_upscale(
        source_width in 1u32..=50_000,
        source_height in 1u32..=50_000,
        fraction in 0.0f64..=1.0,
    ) {
        let width = ((f64::from(source_width) * fraction) as u32).max(1);
        let height = scaled_height(source_width, source_height, width);
        prop_assert!(height >= 1);
        prop_assert!(height <= source_height);
        let exact = f64::from(source_height) * f64::from(width) / f64::from(source_width);
        prop_assert!((f64::from(height) - exact.max(1.0)).abs() <= 0.5 + 1e-9);
    }
}

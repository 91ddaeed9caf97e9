//! How a banner button looks, decided from the raw computed styles the collector reports
//! (issue 9: the shell sends observations, the core judges): whether it has a visible
//! background of its own ("filled") or a visible border ("outlined"). A colour with an alpha
//! of 0.1 or less does not show against the banner behind it.

use super::ConsentButton;

/// At or below this alpha a colour is not seen.
const VISIBLE_ALPHA: f64 = 0.1;

/// The alpha of a computed CSS colour (`rgb(…)`, `rgba(…)`, `transparent`): browsers give
/// computed colours in these forms. Anything else, or nothing, counts as not seen.
pub fn alpha(colour: &str) -> f64 {
    let colour = colour.trim();
    let Some(args) =
        colour.strip_prefix("rgba(").or_else(|| colour.strip_prefix("rgb(")).and_then(|rest| rest.strip_suffix(')'))
    else {
        return 0.0;
    };
    let parts: Vec<&str> = args.split([',', '/', ' ']).filter(|p| !p.is_empty()).collect();
    match parts.get(3) {
        None if parts.len() == 3 => 1.0,
        None => 0.0,
        Some(a) => match a.strip_suffix('%') {
            Some(pct) => pct.trim().parse::<f64>().map_or(0.0, |p| p / 100.0),
            None => a.trim().parse::<f64>().unwrap_or(0.0),
        },
    }
}

/// The collector reported the raw styles (older saved facts carry only its verdicts).
fn has_raw_styles(b: &ConsentButton) -> bool {
    !b.background_color.is_empty() || !b.border_style.is_empty() || b.background_image
}

/// Has a visible background colour or image of its own.
pub fn filled(b: &ConsentButton) -> bool {
    if !has_raw_styles(b) {
        return b.filled;
    }
    alpha(&b.background_color) > VISIBLE_ALPHA || b.background_image
}

/// Has a visible top border.
pub fn bordered(b: &ConsentButton) -> bool {
    if !has_raw_styles(b) {
        return b.bordered;
    }
    b.border_width > 0.0
        && !matches!(b.border_style.as_str(), "" | "none" | "hidden")
        && alpha(&b.border_color) > VISIBLE_ALPHA
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(background: &str, image: bool, width: f64, style: &str, border: &str) -> ConsentButton {
        ConsentButton {
            label: "Reject all".into(),
            background_color: background.into(),
            background_image: image,
            border_width: width,
            border_style: style.into(),
            border_color: border.into(),
            ..Default::default()
        }
    }

    #[test]
    fn alpha_is_read_from_computed_colours() {
        assert_eq!(alpha("rgb(34, 68, 102)"), 1.0);
        assert_eq!(alpha("rgba(0, 0, 0, 0)"), 0.0);
        assert_eq!(alpha("rgba(0, 0, 0, 0.5)"), 0.5);
        assert_eq!(alpha("rgb(0 0 0 / 25%)"), 0.25);
        assert_eq!(alpha("rgb(0 0 0 / 0.05)"), 0.05);
        assert_eq!(alpha("transparent"), 0.0);
        assert_eq!(alpha(""), 0.0);
        assert_eq!(alpha("rgb(1, 2)"), 0.0);
    }

    #[test]
    fn filled_means_a_background_that_shows() {
        assert!(filled(&styled("rgb(34, 68, 102)", false, 0.0, "none", "")));
        assert!(!filled(&styled("rgba(0, 0, 0, 0)", false, 0.0, "none", "")));
        assert!(!filled(&styled("rgba(0, 0, 0, 0.1)", false, 0.0, "none", "")), "0.1 does not show");
        assert!(filled(&styled("rgba(0, 0, 0, 0)", true, 0.0, "none", "")), "a gradient or image");
    }

    #[test]
    fn bordered_means_a_border_that_shows() {
        assert!(bordered(&styled("rgba(0, 0, 0, 0)", false, 1.0, "solid", "rgb(0, 0, 0)")));
        assert!(!bordered(&styled("rgba(0, 0, 0, 0)", false, 0.0, "solid", "rgb(0, 0, 0)")), "no width");
        assert!(!bordered(&styled("rgba(0, 0, 0, 0)", false, 2.0, "none", "rgb(0, 0, 0)")), "style none");
        assert!(!bordered(&styled("rgba(0, 0, 0, 0)", false, 2.0, "solid", "rgba(0, 0, 0, 0)")), "transparent");
    }

    #[test]
    fn facts_without_raw_styles_keep_the_collectors_old_verdicts() {
        let old = ConsentButton { filled: true, bordered: true, ..Default::default() };
        assert!(filled(&old) && bordered(&old));
        // With raw styles, the core's reading wins over a verdict the page's script could set.
        let raw = ConsentButton { filled: true, bordered: true, ..styled("rgba(0, 0, 0, 0)", false, 0.0, "none", "") };
        assert!(!filled(&raw) && !bordered(&raw));
    }
}

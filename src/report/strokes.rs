//! 正 strokes, as a counting board is written: one stroke a vote, five strokes a character.

use unicode_width::UnicodeWidthStr;

/// The most votes drawn stroke by stroke; above it, 正×N.
const DRAWN: u64 = 50;

/// Draws a count in 正 strokes: 正 for each five, then 一 丅 下 止 for one to four more.
pub fn strokes(n: u64) -> String {
    const PART: [&str; 5] = ["", "一", "丅", "下", "止"];
    let full = n / 5;
    let rest = PART[(n % 5) as usize];
    if n <= DRAWN {
        format!("{}{rest}", "正".repeat(full as usize))
    } else if rest.is_empty() {
        format!("正×{full}")
    } else {
        format!("正×{full} {rest}")
    }
}

/// Pads to a display width (CJK characters are two columns wide).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_draw_fives() {
        assert_eq!(strokes(0), "");
        assert_eq!(strokes(1), "一");
        assert_eq!(strokes(4), "止");
        assert_eq!(strokes(5), "正");
        assert_eq!(strokes(13), "正正下");
        assert_eq!(strokes(50), "正".repeat(10));
        assert_eq!(strokes(600), "正×120");
        assert_eq!(strokes(602), "正×120 丅");
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("赵一", 6), "赵一  ");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}

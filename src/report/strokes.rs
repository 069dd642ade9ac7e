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

/// The most votes drawn stroke by stroke in SVG; above it one 正 and the number.
pub(crate) const SVG_DRAWN: u64 = 5_000;

/// Characters in one row of drawn strokes (125 votes).
const SVG_ROW: u64 = 25;

/// The size a 14-unit cell is drawn at on paper, in CSS pixels.
pub(crate) const PRINT_CELL: u64 = 10;

/// The five strokes of 正 in writing order, in a 14 × 14 cell: 一 (top), 丨 (down the middle),
/// the short bar at the right (下), the left leg (止), the base (正).
const STROKE: [(u8, u8, u8, u8); 5] = [(2, 2, 12, 2), (7, 2, 7, 12), (7, 7, 11, 7), (3, 7, 3, 12), (1, 12, 13, 12)];

/// A count drawn as a counting board writes it, in SVG: one `<line>` a vote, five strokes a 正,
/// twenty-five characters a row, each character `cell` CSS pixels wide. Up to [`SVG_DRAWN`] votes;
/// above it, one 正 and "×N".
pub fn svg(n: u64, cell: u64) -> maud::Markup {
    let label = format!("{n}");
    if n > SVG_DRAWN {
        return maud::html! {
            svg.strokes role="img" aria-label=(label) data-strokes=(n) viewBox="0 0 120 14" width=(cell * 120 / 14) height=(cell) {
                @for (x1, y1, x2, y2) in STROKE { line x1=(x1) y1=(y1) x2=(x2) y2=(y2) {} }
                text x="18" y="12" font-size="12" { "×" (n / 5) @if !n.is_multiple_of(5) { " + " (n % 5) } }
            }
        };
    }
    let chars = n.div_ceil(5);
    let cols = chars.clamp(1, SVG_ROW);
    let rows = chars.div_ceil(SVG_ROW).max(1);
    let (w, h) = (cols * 14, rows * 14);
    maud::html! {
        svg.strokes role="img" aria-label=(label) data-strokes=(n) viewBox={"0 0 " (w) " " (h)}
            width=(cols * cell) height=(rows * cell) {
            @for k in 0..chars {
                @let (x, y) = ((k % SVG_ROW) * 14, (k / SVG_ROW) * 14);
                @let drawn = if k + 1 < chars || n.is_multiple_of(5) { 5 } else { (n % 5) as usize };
                g transform={"translate(" (x) " " (y) ")"} {
                    @for (x1, y1, x2, y2) in &STROKE[..drawn] { line x1=(x1) y1=(y1) x2=(x2) y2=(y2) {} }
                }
            }
        }
    }
}

/// A count for a screen read from across a hall: drawn stroke by stroke up to `drawn` votes, each
/// character `cell` pixels; above it the sheet's form — one 正, "×N", and the last part-character
/// drawn (正×92 丅) — at the same glyph size, so a large count never shrinks to a grey blur.
pub fn svg_up_to(n: u64, cell: u64, drawn: u64) -> maud::Markup {
    if n <= drawn {
        return svg(n, cell);
    }
    let times = format!("×{}", n / 5);
    let rest = (n % 5) as usize;
    // One 正, the "×N" text (about 8 units a character), then the part-character if any.
    let text_w = 8 * times.chars().count() as u64 + 4;
    let w = 14 + text_w + if rest > 0 { 14 } else { 0 };
    maud::html! {
        svg.strokes.compact role="img" aria-label=(n) data-strokes=(n) viewBox={"0 0 " (w) " 14"}
            width=(w * cell / 14) height=(cell) {
            @for (x1, y1, x2, y2) in STROKE { line x1=(x1) y1=(y1) x2=(x2) y2=(y2) {} }
            text x="16" y="12" font-size="13" { (times) }
            @if rest > 0 {
                g transform={"translate(" (14 + text_w) " 0)"} {
                    @for (x1, y1, x2, y2) in &STROKE[..rest] { line x1=(x1) y1=(y1) x2=(x2) y2=(y2) {} }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_count_on_the_board_is_the_sheets_form_at_full_size() {
        let small = svg_up_to(12, 22, 50).into_string();
        assert_eq!(small.matches("<line").count(), 12, "drawn stroke by stroke");
        let big = svg_up_to(462, 22, 50).into_string();
        assert!(big.contains("×92") && big.contains("data-strokes=\"462\""), "{big}");
        assert_eq!(big.matches("<line").count(), 5 + 2, "one 正 and the 丅 of the last two");
        assert!(big.contains("height=\"22\""), "the glyph keeps its size: {big}");
    }

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

    /// One `<line>` a vote, however the votes fall into characters and rows.
    #[test]
    fn svg_draws_one_line_a_vote() {
        for n in [0u64, 1, 4, 5, 6, 199, 200, 201, 1_234, SVG_DRAWN] {
            let s = svg(n, PRINT_CELL).into_string();
            assert_eq!(s.matches("<line").count() as u64, n, "{n}");
            assert!(s.contains(&format!("data-strokes=\"{n}\"")));
        }
        assert_eq!(svg(SVG_DRAWN + 1, PRINT_CELL).into_string().matches("<line").count(), 5);
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("赵一", 6), "赵一  ");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}

//! One code drawn: a frame's bytes as a QR symbol (ISO/IEC 18004, byte mode, error correction M,
//! the smallest version that holds them), then as a PNG image, an SVG drawing or half-block
//! characters for a terminal — each with the standard quiet zone of 4 light modules around it.

use std::path::{Path, PathBuf};

use qrcode::bits::Bits;
use qrcode::{EcLevel, QrCode, Version};

use crate::error::{Error, QrProblem};
use crate::seal::qr::frame;
use crate::seal::result::ResultFile;

/// The light modules around a symbol, as the standard asks.
pub const QUIET_ZONE: usize = 4;

/// Pixels a module in a PNG image: a version 40 symbol is 1,480 pixels wide.
pub const MODULE_PIXELS: usize = 8;

/// A QR symbol: its modules, row by row, `true` dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    version: i16,
    width: usize,
    dark: Vec<bool>,
}

impl Symbol {
    /// The symbol of `bytes`: byte mode, error correction M, the smallest version that holds them;
    /// [`QrProblem::TooLarge`] past a version 40 symbol.
    pub fn of(bytes: &[u8]) -> Result<Symbol, QrProblem> {
        for v in 1..=40 {
            let mut bits = Bits::new(Version::Normal(v));
            if bits.push_byte_data(bytes).is_err() || bits.push_terminator(EcLevel::M).is_err() {
                continue;
            }
            if let Ok(code) = QrCode::with_bits(bits, EcLevel::M) {
                let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
                return Ok(Symbol { version: v, width: code.width(), dark });
            }
        }
        Err(QrProblem::TooLarge { bytes: bytes.len() as u64, codes: 1 })
    }

    /// Its version, 1 to 40.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Modules a side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` of the symbol with its quiet zone is dark.
    fn dark_at(&self, x: usize, y: usize) -> bool {
        let (x, y) = (x.wrapping_sub(QUIET_ZONE), y.wrapping_sub(QUIET_ZONE));
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Modules a side with the quiet zone.
    fn side(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// A black-and-white PNG (1 bit a pixel), `module` pixels a module.
    pub fn png(&self, module: usize) -> Result<Vec<u8>, Error> {
        let side = self.side() * module.max(1);
        let png_failed = |e: png::EncodingError| Error::Invariant(format!("writing a QR code as PNG: {e}"));
        let px = u32::try_from(side).map_err(|_| Error::Invariant("a QR code too large to draw".into()))?;
        let row_bytes = side.div_ceil(8);
        let mut data = vec![0u8; row_bytes * side];
        for y in 0..side {
            for x in 0..side {
                if !self.dark_at(x / module.max(1), y / module.max(1)) {
                    data[y * row_bytes + x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, px, px);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::One);
        let mut w = enc.write_header().map_err(png_failed)?;
        w.write_image_data(&data).map_err(png_failed)?;
        w.finish().map_err(png_failed)?;
        Ok(out)
    }

    /// An SVG drawing, one unit a module, `module` pixels a module unless CSS scales it: a white
    /// square and one black path. It starts with `<svg`, so it may stand inside an HTML page.
    pub fn svg(&self, module: usize) -> String {
        let side = self.side();
        let pixels = side * module;
        let mut path = String::new();
        for y in 0..side {
            let mut x = 0;
            while x < side {
                if self.dark_at(x, y) {
                    let start = x;
                    while x < side && self.dark_at(x, y) {
                        x += 1;
                    }
                    path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// The symbol in half-block characters, two modules a character cell (upper and lower), each
    /// line drawn black on white whatever the terminal's colours (ANSI: black foreground, bright
    /// white background), so that a camera sees dark modules dark.
    pub fn terminal(&self) -> String {
        const CELLS: [char; 4] = [' ', '▄', '▀', '█'];
        let side = self.side();
        let mut out = String::new();
        for y in (0..side).step_by(2) {
            out.push_str("\x1b[30;107m");
            for x in 0..side {
                let (top, bottom) = (self.dark_at(x, y), y + 1 < side && self.dark_at(x, y + 1));
                out.push(CELLS[usize::from(top) * 2 + usize::from(bottom)]);
            }
            out.push_str("\x1b[0m\n");
        }
        out
    }
}

/// The bytes one code of byte mode and error correction M holds at `version` (1 to 40).
pub fn capacity(version: i16) -> usize {
    let bits = Bits::new(Version::Normal(version)).max_len(EcLevel::M).unwrap_or(0);
    // The mode (4 bits) and the count (8 bits up to version 9, else 16) come first.
    let count_bits = if version <= 9 { 8 } else { 16 };
    bits.saturating_sub(4 + count_bits) / 8
}

/// The most bytes a code may hold for its drawing with the quiet zone to be at most `columns`
/// characters wide ([`Symbol::terminal`]: one column a module), if any code is that narrow.
pub fn max_bytes_within(columns: usize) -> Option<usize> {
    (1..=40).rev().find(|&v: &i16| 17 + 4 * v as usize + 2 * QUIET_ZONE <= columns).map(capacity)
}

/// A result file's codes, each holding at most `max_bytes` (its header included; at most
/// [`frame::MAX_CODE_BYTES`]): one while the result fits, else a numbered sequence.
pub fn symbols(result: &ResultFile, max_bytes: usize) -> Result<Vec<Symbol>, QrProblem> {
    let b = result.body();
    let frames = frame::frames(&result.to_bytes(), &b.election, &b.station, max_bytes)?;
    frames.iter().map(|f| Symbol::of(&f.to_bytes())).collect()
}

/// The paths `zheng qr encode` writes for `count` codes: `out` itself for one, else `out` with
/// `-1`, `-2`, … before its extension (`x.png` → `x-1.png`, `x-2.png`).
pub fn numbered(out: &Path, count: usize) -> Vec<PathBuf> {
    if count <= 1 {
        return vec![out.to_path_buf()];
    }
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = out.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    (1..=count).map(|i| out.with_file_name(format!("{stem}-{i}{ext}"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_version_in_byte_mode_with_error_correction_m() {
        // Version 1-M holds 14 bytes in byte mode; version 40-M 2,331.
        assert_eq!(Symbol::of(&[7; 14]).unwrap().version(), 1);
        assert_eq!(Symbol::of(&[7; 15]).unwrap().version(), 2);
        assert_eq!(Symbol::of(b"0123456789").unwrap().version(), 1, "digits too: byte mode");
        let big = Symbol::of(&[7; 2331]).unwrap();
        assert_eq!((big.version(), big.width()), (40, 177));
        assert_eq!(Symbol::of(&[7; 2332]), Err(QrProblem::TooLarge { bytes: 2332, codes: 1 }));
    }

    #[test]
    fn what_a_code_holds_and_what_fits_a_terminal() {
        assert_eq!((capacity(1), capacity(10), capacity(25), capacity(40)), (14, 213, 997, 2331));
        for v in [1, 9, 10, 25, 40] {
            assert_eq!(Symbol::of(&vec![1; capacity(v)]).unwrap().version(), v);
        }
        assert_eq!(max_bytes_within(28), None);
        assert_eq!(max_bytes_within(29), Some(14), "version 1: 21 modules and the quiet zone");
        assert_eq!(max_bytes_within(80), Some(capacity(13)), "69 modules and 8");
        assert_eq!(max_bytes_within(500), Some(2331));
    }

    #[test]
    fn the_drawings_have_the_quiet_zone_and_the_finder_patterns() {
        let s = Symbol::of(b"ZHENGQ01").unwrap();
        let t = s.terminal();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 15, "21 modules and the quiet zone: 29 rows, two a line");
        // Row 4 and 5 (line 2): the finder's top edge, then its inner ring: 7 dark, 1 light, …
        let cells: String =
            lines[2].trim_start_matches("\x1b[30;107m").trim_end_matches("\x1b[0m").chars().take(12).collect();
        assert_eq!(cells, "    █▀▀▀▀▀█ ");
        let svg = s.svg(2);
        assert!(svg.starts_with("<svg ") && svg.contains("width=\"58\"") && svg.contains("viewBox=\"0 0 29 29\""));
        assert!(svg.contains("M4 4h7v1h-7z"), "the finder's top edge: {svg}");
        let png = s.png(2).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn a_sequence_is_written_to_numbered_files() {
        assert_eq!(numbered(Path::new("d/x.png"), 1), [PathBuf::from("d/x.png")]);
        assert_eq!(numbered(Path::new("d/x.png"), 2), [PathBuf::from("d/x-1.png"), PathBuf::from("d/x-2.png")]);
        assert_eq!(numbered(Path::new("x"), 2), [PathBuf::from("x-1"), PathBuf::from("x-2")]);
    }
}

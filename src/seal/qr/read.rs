//! Codes read back: PNG and JPEG images decoded to grey, every QR code in them found and read (`rqrr`), the
//! frames put together into the result file, and the file checked as any result file is — its
//! bytes decoded in their one canonical form, then its signatures under the keys they name.

use std::path::PathBuf;

use crate::error::{Error, QrProblem};
use crate::seal::qr::frame::{Frame, Sequence};
use crate::seal::result::ResultFile;

/// The largest image file read.
pub const MAX_IMAGE_BYTES: u64 = 128 << 20;

/// The most pixels an image may have (a 48-megapixel photograph holds fewer).
pub const MAX_PIXELS: u64 = 64 << 20;

/// Images of at most this many pixels are searched enlarged too, when searched as they are they
/// give no code.
const SMALL_PIXELS: u64 = 4 << 20;

/// An image in grey levels, row by row (0 black, 255 white).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grey {
    /// Pixels a row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `width × height` grey levels.
    pub pixels: Vec<u8>,
}

impl Grey {
    /// An image's pixels in grey: a PNG or a JPEG (a phone's photograph), told apart by their first
    /// bytes.
    pub fn from_image(bytes: &[u8]) -> Result<Grey, QrProblem> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Grey::from_png(bytes)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Grey::from_jpeg(bytes)
        } else {
            Err(QrProblem::NeitherPngNorJpeg)
        }
    }

    /// A JPEG image's pixels in grey (grey, RGB or CMYK).
    pub fn from_jpeg(bytes: &[u8]) -> Result<Grey, QrProblem> {
        use jpeg_decoder::PixelFormat;
        let unreadable = |e: jpeg_decoder::Error| QrProblem::NotAnImage { why: e.to_string() };
        let mut dec = jpeg_decoder::Decoder::new(bytes);
        dec.set_max_decoding_buffer_size(usize::try_from(MAX_PIXELS * 4).unwrap_or(usize::MAX));
        dec.read_info().map_err(unreadable)?;
        let Some(info) = dec.info() else { return Err(QrProblem::NeitherPngNorJpeg) };
        let (width, height) = (usize::from(info.width), usize::from(info.height));
        if (width as u64) * (height as u64) > MAX_PIXELS {
            return Err(QrProblem::ImageTooLarge { width: width as u64, height: height as u64 });
        }
        let data = dec.decode().map_err(unreadable)?;
        let mut pixels: Vec<u8> = data
            .chunks_exact(info.pixel_format.pixel_bytes())
            .take(width * height)
            .map(|px| match (info.pixel_format, px) {
                (PixelFormat::CMYK32, [c, m, y, k]) => {
                    let ink = (299 * u32::from(*c) + 587 * u32::from(*m) + 114 * u32::from(*y)) / 1000;
                    ((255 - ink) * (255 - u32::from(*k)) / 255) as u8
                }
                (PixelFormat::RGB24, rgb) => grey_of(rgb),
                // L8, and the high byte of L16 (big-endian).
                (_, px) => px.first().copied().unwrap_or(255),
            })
            .collect();
        pixels.resize(width * height, 255);
        Ok(Grey { width, height, pixels })
    }

    /// A PNG image's pixels in grey (any colour type and depth; transparent parts over white).
    pub fn from_png(bytes: &[u8]) -> Result<Grey, QrProblem> {
        let unreadable = |e: png::DecodingError| QrProblem::NotAnImage { why: e.to_string() };
        let limits = png::Limits { bytes: usize::try_from(MAX_PIXELS * 8).unwrap_or(usize::MAX) };
        let mut dec = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
        let (w, h) = dec.read_header_info().map_err(unreadable)?.size();
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(QrProblem::ImageTooLarge { width: u64::from(w), height: u64::from(h) });
        }
        dec.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = dec.read_info().map_err(unreadable)?;
        let size = reader.output_buffer_size().ok_or(QrProblem::ImageTooLarge { width: w.into(), height: h.into() })?;
        let mut buf = vec![0; size];
        let info = reader.next_frame(&mut buf).map_err(unreadable)?;
        let channels = info.color_type.samples();
        let (width, height) = (info.width as usize, info.height as usize);
        let mut pixels = Vec::with_capacity(width * height);
        for row in buf.chunks(info.line_size.max(1)).take(height) {
            for px in row.chunks_exact(channels.max(1)).take(width) {
                pixels.push(grey_of(px));
            }
        }
        // Every row holds its pixels; were one short, the rest of the image is white.
        pixels.resize(width * height, 255);
        Ok(Grey { width, height, pixels })
    }

    /// The bytes of every QR code found and read in the image, in the order found. A reader of
    /// QR codes finds a large code in a rough photograph only now and then (the corners it
    /// measures are whole pixels), so the image is searched as it is, then as its negative (light
    /// modules on dark, as a terminal with a dark background shows them), then enlarged and turned
    /// a few degrees each way, until one search reads a code.
    pub fn codes(&self) -> Vec<Vec<u8>> {
        let small = (self.width as u64) * (self.height as u64) <= SMALL_PIXELS;
        let (k, k2) = if small { (2.0, 1.5) } else { (1.0, 1.0) };
        let turns = [(k, 0.0), (k, -3.0), (k, 3.0), (k2, -1.5), (k2, 1.5), (k, -6.0), (k, 6.0)];
        let found = self.codes_as_is(false);
        if !found.is_empty() {
            return found;
        }
        let found = self.codes_as_is(true);
        if !found.is_empty() {
            return found;
        }
        for (scale, degrees) in turns {
            if scale == 1.0 && degrees == 0.0 {
                continue;
            }
            let found = self.warped(scale, degrees).codes_as_is(false);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// One search of the image (or of its negative). The reader is another crate's: should it
    /// fail on some image by panicking, that search has found nothing.
    fn codes_as_is(&self, negative: bool) -> Vec<Vec<u8>> {
        let search = || {
            let at = |x: usize, y: usize| {
                let v = self.pixels[y * self.width + x];
                if negative { 255 - v } else { v }
            };
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(self.width, self.height, at);
            img.detect_grids()
                .into_iter()
                .filter_map(|grid| {
                    let mut bytes = Vec::new();
                    grid.decode_to(&mut bytes).ok().map(|_| bytes)
                })
                .collect()
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(search)).unwrap_or_default()
    }

    /// The image enlarged by `scale` and turned by `degrees` about its centre (bilinear; white
    /// where it had no pixels).
    fn warped(&self, scale: f64, degrees: f64) -> Grey {
        let (w, h) = (self.width as f64, self.height as f64);
        let (width, height) = ((w * scale) as usize, (h * scale) as usize);
        let (cos, sin) = (degrees.to_radians().cos(), degrees.to_radians().sin());
        let at = |x: i64, y: i64| -> f64 {
            if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
                return 255.0;
            }
            self.pixels.get(y as usize * self.width + x as usize).map_or(255.0, |&v| f64::from(v))
        };
        let mut pixels = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                let (dx, dy) = ((x as f64 + 0.5) / scale - w / 2.0, (y as f64 + 0.5) / scale - h / 2.0);
                let (u, v) = (cos * dx + sin * dy + w / 2.0 - 0.5, -sin * dx + cos * dy + h / 2.0 - 0.5);
                let (u0, v0) = (u.floor(), v.floor());
                let (fu, fv) = (u - u0, v - v0);
                let (iu, iv) = (u0 as i64, v0 as i64);
                let level = at(iu, iv) * (1.0 - fu) * (1.0 - fv)
                    + at(iu + 1, iv) * fu * (1.0 - fv)
                    + at(iu, iv + 1) * (1.0 - fu) * fv
                    + at(iu + 1, iv + 1) * fu * fv;
                pixels.push(level.round().clamp(0.0, 255.0) as u8);
            }
        }
        Grey { width, height, pixels }
    }
}

/// One pixel's grey level from its 8-bit samples: grey, grey and alpha, RGB or RGBA (ITU-R BT.601
/// weights; a transparent pixel shows the white beneath it).
fn grey_of(px: &[u8]) -> u8 {
    let (level, alpha) = match *px {
        [g] => (u32::from(g), 255),
        [g, a] => (u32::from(g), u32::from(a)),
        [r, g, b] => ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000, 255),
        [r, g, b, a, ..] => ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000, u32::from(a)),
        [] => (255, 255),
    };
    ((level * alpha + 255 * (255 - alpha)) / 255) as u8
}

/// A result read back from its codes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The result file's bytes, exactly as signed and written.
    pub bytes: Vec<u8>,
    /// The result, decoded and its signatures checked.
    pub file: ResultFile,
    /// How many codes carried it.
    pub codes: u32,
}

/// The result the codes in `images` carry, put together and checked: each image must hold at
/// least one code, every code must be Zheng's and of one result, none may be missing; then the
/// bytes must be the result file the codes name, decode as a result file, and carry signatures that
/// verify under the keys they name. A refusal names the image it concerns.
pub fn decode(images: &[PathBuf]) -> Result<Decoded, Error> {
    let mut seq = Sequence::new();
    for path in images {
        let refused = |p: QrProblem| Error::qr(path, p);
        let bytes = crate::files::read_limited(path, MAX_IMAGE_BYTES)?;
        let codes = Grey::from_image(&bytes).map_err(refused)?.codes();
        if codes.is_empty() {
            return Err(refused(QrProblem::NoCode));
        }
        for code in codes {
            seq.add(Frame::parse(&code).map_err(refused)?).map_err(refused)?;
        }
    }
    let named = seq.names().map(|(e, s)| (e.to_string(), s.to_string()));
    let codes = seq.count();
    let bytes = seq.finish().map_err(|problem| Error::Qr { path: None, problem })?;
    let file = ResultFile::from_bytes(&bytes).map_err(Error::Refusal)?;
    let b = file.body();
    if named.as_ref().is_none_or(|(e, s)| *e != b.election || *s != b.station) {
        return Err(Error::Qr { path: None, problem: QrProblem::NotTheResultNamed });
    }
    file.own_signatures_hold().map_err(Error::Refusal)?;
    Ok(Decoded { bytes, file, codes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_png_pixel_reads_as_grey() {
        assert_eq!(grey_of(&[0]), 0);
        assert_eq!(grey_of(&[200, 255]), 200);
        assert_eq!(grey_of(&[0, 0]), 255, "transparent over white");
        assert_eq!(grey_of(&[255, 255, 255]), 255);
        assert_eq!(grey_of(&[255, 0, 0, 255]), 76);
        assert_eq!(grey_of(&[]), 255);
    }

    #[test]
    fn any_image_is_searched_without_a_panic() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
        for (width, height) in [(0, 0), (1, 1), (3, 200), (64, 64), (257, 131)] {
            for _ in 0..3 {
                let pixels = (0..width * height).map(|_| if rng.random_range(0..2) == 0 { 0 } else { 255 }).collect();
                assert!(Grey { width, height, pixels }.codes().is_empty());
            }
        }
        let short = Grey { width: 40, height: 40, pixels: vec![0; 7] };
        assert!(short.codes().is_empty(), "fewer pixels than its size: none read past the end");
    }

    #[test]
    fn what_is_not_a_png_or_a_jpeg_is_refused_with_the_decoders_words() {
        assert_eq!(Grey::from_image(b"hello"), Err(QrProblem::NeitherPngNorJpeg));
        assert_eq!(Grey::from_image(&[]), Err(QrProblem::NeitherPngNorJpeg));
        assert!(matches!(Grey::from_image(b"\x89PNG\r\n\x1a\nrest"), Err(QrProblem::NotAnImage { .. })));
        assert!(matches!(Grey::from_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Err(QrProblem::NotAnImage { .. })));
    }
}

//! Round trips through real images: each result drawn as PNG files, the files read back by the
//! decoder as a township's staff would give them — plain, photographed (scaled, turned a few
//! degrees, grey, noisy), several codes out of order — and every refusal of codes that cannot give
//! the result back.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::frame::{self, MAX_CODE_BYTES};
use super::read::{self, Grey};
use super::render::{self, Symbol};
use crate::error::{Error, QrProblem, Refusal};
use crate::seal::result::{ContestCount, FORMAT, ResultBody, ResultFile};

/// A result of about the size a village's box gives (890 bytes here): three posts, written-in
/// names, the station's signature and a monitor's.
fn result(election: &str, station: &str) -> ResultFile {
    let post = |n: usize, w: &[&str]| ContestCount {
        votes: (0..n as u64).map(|i| 40 + 7 * i).collect(),
        against: vec![],
        blank: 3,
        voided: 0,
        with_write_in: w.len() as u64,
        write_ins: w.iter().map(|s| (s.to_string(), 1)).collect(),
    };
    let body = ResultBody {
        format: FORMAT,
        election: election.into(),
        manifest_sha256: [9; 32],
        station: station.into(),
        voters: 240,
        ballots: 236,
        valid: 230,
        invalid: [2, 3, 1, 0, 0, 0],
        contests: vec![
            post(3, &["蓝小芳", "雷建国"]),
            post(3, &["钟明华"]),
            post(6, &["叶春燕", "梅永强", "吴海波", "潘丽娟", "任志勇", "柳新民"]),
        ],
        ballots_root: [7; 32],
        closed_at: "2026-11-28T17:00:00Z".into(),
    };
    let mut r = ResultFile::sign(body, &SigningKey::from_bytes(&[21; 32]));
    r.countersign(&SigningKey::from_bytes(&[22; 32])).unwrap();
    r
}

/// The result's codes as PNG files `dir/name.png` (or `name-1.png` …), as `zheng qr encode` writes
/// them.
fn written(dir: &Path, name: &str, r: &ResultFile, max_bytes: usize) -> Vec<PathBuf> {
    let symbols = render::symbols(r, max_bytes).unwrap();
    let paths = render::numbered(&dir.join(format!("{name}.png")), symbols.len());
    for (s, p) in symbols.iter().zip(&paths) {
        std::fs::write(p, s.png(render::MODULE_PIXELS).unwrap()).unwrap();
    }
    paths
}

/// A grey image as an 8-bit grey PNG.
fn png_of(g: &Grey) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, g.width as u32, g.height as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&g.pixels).unwrap();
    w.finish().unwrap();
    out
}

/// The image as a phone would see it on a table: scaled by `scale`, turned by `degrees`, its
/// white a light grey and its black a dark grey, on a grey background with a margin, every pixel
/// off by up to ±`noise` levels (seeded). Bilinear sampling, drawn here.
fn photographed(g: &Grey, scale: f64, degrees: f64, noise: i32, seed: u64) -> Grey {
    let (sw, sh) = (g.width as f64, g.height as f64);
    let side = ((sw.max(sh) * scale) * 1.2) as usize + 40;
    let (cos, sin) = (degrees.to_radians().cos(), degrees.to_radians().sin());
    let (cx, cy) = (side as f64 / 2.0, side as f64 / 2.0);
    let src = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= g.width as i64 || y >= g.height as i64 {
            return 150.0; // the table
        }
        // Paper-white 210, ink 50.
        50.0 + f64::from(g.pixels[y as usize * g.width + x as usize]) * 160.0 / 255.0
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pixels = Vec::with_capacity(side * side);
    for y in 0..side {
        for x in 0..side {
            let (dx, dy) = ((x as f64 - cx) / scale, (y as f64 - cy) / scale);
            let (u, v) = (cos * dx + sin * dy + sw / 2.0, -sin * dx + cos * dy + sh / 2.0);
            let (u0, v0) = (u.floor(), v.floor());
            let (fu, fv) = (u - u0, v - v0);
            let (iu, iv) = (u0 as i64, v0 as i64);
            let level = src(iu, iv) * (1.0 - fu) * (1.0 - fv)
                + src(iu + 1, iv) * fu * (1.0 - fv)
                + src(iu, iv + 1) * (1.0 - fu) * fv
                + src(iu + 1, iv + 1) * fu * fv;
            let noisy = level as i32 + rng.random_range(-noise..=noise);
            pixels.push(noisy.clamp(0, 255) as u8);
        }
    }
    Grey { width: side, height: side, pixels }
}

/// The image a refusal of codes names (if one), and what it says is wrong.
fn refusal(e: Error) -> (Option<String>, QrProblem) {
    match e {
        Error::Qr { path, problem } => (path, problem),
        other => panic!("not a refusal of QR codes: {other:?}"),
    }
}

#[test]
fn a_result_fits_one_code_and_comes_back_byte_for_byte_from_its_png() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s1");
    let bytes = r.to_bytes();
    assert!((700..=950).contains(&bytes.len()), "a village box's size: {}", bytes.len());
    let paths = written(dir.path(), "r", &r, MAX_CODE_BYTES);
    assert_eq!(paths, [dir.path().join("r.png")], "one code, the file named");
    let back = read::decode(&paths).unwrap();
    assert_eq!(back.bytes, bytes);
    assert_eq!((back.file, back.codes), (r, 1));
}

#[test]
fn a_photographed_code_reads_back_scaled_turned_grey_and_noisy() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s2");
    let symbols = render::symbols(&r, MAX_CODE_BYTES).unwrap();
    assert_eq!(symbols.len(), 1);
    let flat = Grey::from_png(&symbols[0].png(4).unwrap()).unwrap();
    let shots = [(1.37, 4.0, 1), (1.61, -3.0, 2), (1.23, 5.0, 3), (1.8, -4.5, 4), (2.1, 3.5, 5)];
    for (i, (scale, degrees, seed)) in shots.into_iter().enumerate() {
        let photo = photographed(&flat, scale, degrees, 30, seed);
        let p = dir.path().join(format!("photo-{i}.png"));
        std::fs::write(&p, png_of(&photo)).unwrap();
        let back = read::decode(std::slice::from_ref(&p)).unwrap_or_else(|e| panic!("{scale}× {degrees}°: {e}"));
        assert_eq!(back.bytes, r.to_bytes());
    }
}

#[test]
fn a_photograph_saved_as_a_phone_saves_it_reads_back_from_its_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s4");
    let flat = Grey::from_png(&render::symbols(&r, MAX_CODE_BYTES).unwrap()[0].png(5).unwrap()).unwrap();
    let photo = photographed(&flat, 1.45, -3.5, 20, 9);
    let p = dir.path().join("IMG_0001.jpg");
    let side = photo.width as u16;
    let jpeg = jpeg_encoder::Encoder::new_file(&p, 80).unwrap();
    jpeg.encode(&photo.pixels, side, side, jpeg_encoder::ColorType::Luma).unwrap();
    assert_eq!(read::decode(std::slice::from_ref(&p)).unwrap().bytes, r.to_bytes());
}

#[test]
fn a_numbered_sequence_reads_back_from_files_given_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s3");
    let mut paths = written(dir.path(), "seq", &r, 300);
    assert_eq!(paths.len(), 4, "{} bytes, at most 300 a code", r.to_bytes().len());
    assert_eq!(paths[3], dir.path().join("seq-4.png"));
    paths.reverse();
    paths.insert(1, paths[3].clone());
    let back = read::decode(&paths).unwrap();
    assert_eq!((back.bytes, back.codes), (r.to_bytes(), 4));
}

#[test]
fn codes_of_another_election_or_result_mixed_in_and_a_part_missing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mine = written(dir.path(), "mine", &result("village-7-vc", "v7-s1"), 300);
    let theirs = written(dir.path(), "theirs", &result("village-8-vc", "v8-s1"), 300);
    let (path, why) = refusal(read::decode(&[mine[0].clone(), theirs[1].clone()]).unwrap_err());
    assert_eq!(path.as_deref(), Some(theirs[1].display().to_string().as_str()), "the image mixed in is named");
    assert_eq!(why, QrProblem::OtherElection { found: "village-8-vc".into(), expected: "village-7-vc".into() });
    let other = written(dir.path(), "other", &result("village-7-vc", "v7-s2"), 300);
    let (_, why) = refusal(read::decode(&[mine[0].clone(), other[1].clone()]).unwrap_err());
    assert_eq!(why, QrProblem::OtherResult { found: "v7-s2".into(), expected: "v7-s1".into() });
    let (path, why) = refusal(read::decode(&[mine[0].clone(), mine[2].clone()]).unwrap_err());
    assert_eq!((path, why), (None, QrProblem::PartsMissing { missing: vec![2, 4], count: 4 }));
}

#[test]
fn an_image_without_a_code_or_with_a_code_not_zhengs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.png");
    std::fs::write(&blank, png_of(&Grey { width: 300, height: 200, pixels: vec![230; 60_000] })).unwrap();
    assert_eq!(refusal(read::decode(std::slice::from_ref(&blank)).unwrap_err()).1, QrProblem::NoCode);
    let hello = dir.path().join("hello.png");
    std::fs::write(&hello, Symbol::of(b"hello").unwrap().png(6).unwrap()).unwrap();
    assert_eq!(refusal(read::decode(std::slice::from_ref(&hello)).unwrap_err()).1, QrProblem::NotZheng);
    let text = dir.path().join("x.png");
    std::fs::write(&text, "not an image").unwrap();
    assert_eq!(refusal(read::decode(std::slice::from_ref(&text)).unwrap_err()).1, QrProblem::NeitherPngNorJpeg);
}

#[test]
fn a_code_read_from_the_negative_of_its_image_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s1");
    let g = Grey::from_png(&render::symbols(&r, MAX_CODE_BYTES).unwrap()[0].png(3).unwrap()).unwrap();
    let negative = Grey { pixels: g.pixels.iter().map(|v| 255 - v).collect(), ..g };
    let p = dir.path().join("negative.png");
    std::fs::write(&p, png_of(&negative)).unwrap();
    assert_eq!(read::decode(&[p]).unwrap().bytes, r.to_bytes());
}

#[test]
fn a_result_whose_signature_fails_is_refused_after_it_is_put_together() {
    let dir = tempfile::tempdir().unwrap();
    let r = result("village-7-vc", "v7-s1");
    let mut bytes = r.to_bytes();
    let at = bytes.len() - 10; // inside the monitor's signature, the last bytes of the file
    bytes[at] ^= 0x40;
    let frames = frame::frames(&bytes, "village-7-vc", "v7-s1", MAX_CODE_BYTES).unwrap();
    let p = dir.path().join("forged.png");
    std::fs::write(&p, Symbol::of(&frames[0].to_bytes()).unwrap().png(4).unwrap()).unwrap();
    let err = read::decode(&[p]).unwrap_err();
    assert!(matches!(&err, Error::Refusal(Refusal::BadMonitorSignature { station }) if station == "v7-s1"), "{err:?}");
}

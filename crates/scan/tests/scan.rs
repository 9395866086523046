//! Decoding what we render, under the distortions a camera or a screenshot adds, and the `qrscan` bin.

use std::process::Command;

use image::{codecs::jpeg::JpegEncoder, DynamicImage, GrayImage, ImageFormat, Luma, LumaA};

const ORG: &str = "cvmobile://org?v=1&n=Demo+Site&u=https%3A%2F%2F127.0.0.1%3A8443&fp=\
abababababababababababababababababababababababababababababababab";

fn rendered(payload: &str, module_px: u32) -> GrayImage {
    let png = cvm_scan::render_png(payload, module_px).unwrap();
    image::load_from_memory(&png).unwrap().to_luma8()
}

fn png_bytes(img: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Pastes `code` onto a `w`×`h` canvas of `bg` at (`x`, `y`).
fn on_canvas(code: &GrayImage, w: u32, h: u32, bg: u8, x: u32, y: u32) -> GrayImage {
    let mut canvas = GrayImage::from_pixel(w, h, Luma([bg]));
    image::imageops::replace(&mut canvas, code, i64::from(x), i64::from(y));
    canvas
}

/// Rotates by `deg` around the centre (bilinear), filling uncovered pixels with white.
fn rotated(img: &GrayImage, deg: f64) -> GrayImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let sx = c * dx + s * dy + cx;
        let sy = -s * dx + c * dy + cy;
        if sx < 0.0 || sy < 0.0 || sx >= f64::from(w - 1) || sy >= f64::from(h - 1) {
            return Luma([255]);
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
        let p = |x, y| f64::from(img.get_pixel(x, y).0[0]);
        let v = p(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + p(x0 + 1, y0) * fx * (1.0 - fy)
            + p(x0, y0 + 1) * (1.0 - fx) * fy
            + p(x0 + 1, y0 + 1) * fx * fy;
        Luma([v.round() as u8])
    })
}

/// Adds uniform noise of ±`amp` from a fixed-seed generator (reproducible).
fn noisy(img: &GrayImage, amp: i32) -> GrayImage {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = img.clone();
    for p in out.pixels_mut() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let r = ((state >> 33) % (2 * amp as u64 + 1)) as i32 - amp;
        p.0[0] = (i32::from(p.0[0]) + r).clamp(0, 255) as u8;
    }
    out
}

fn mapped(img: &GrayImage, f: impl Fn(u32, u32, u8) -> u8) -> GrayImage {
    GrayImage::from_fn(img.width(), img.height(), |x, y| {
        Luma([f(x, y, img.get_pixel(x, y).0[0])])
    })
}

/// What rqrr alone finds: the retries must do better where the tests say so.
fn plain_rqrr(img: &GrayImage) -> usize {
    let mut prepared = rqrr::PreparedImage::prepare(img.clone());
    prepared
        .detect_grids()
        .iter()
        .filter(|g| g.decode().is_ok())
        .count()
}

fn decode(img: &GrayImage) -> Vec<String> {
    cvm_scan::decode_luma(img.width(), img.height(), img.as_raw())
}

#[test]
fn png_round_trip() {
    let png = cvm_scan::render_png(ORG, 6).unwrap();
    assert_eq!(cvm_scan::decode_bytes(&png).unwrap(), vec![ORG.to_string()]);
}

#[test]
fn small_modules_round_trip() {
    let code = on_canvas(&rendered("hello", 3), 320, 240, 255, 100, 60);
    assert_eq!(decode(&code), vec!["hello"]);
}

#[test]
fn jpeg_round_trip() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 120, 40);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 70)
        .encode_image(&img)
        .unwrap();
    assert_eq!(
        cvm_scan::decode_bytes(&jpeg).unwrap(),
        vec![ORG.to_string()]
    );
}

#[test]
fn nothing_found_is_an_empty_list() {
    let blank = GrayImage::from_pixel(200, 100, Luma([255]));
    assert!(cvm_scan::decode_bytes(&png_bytes(&blank))
        .unwrap()
        .is_empty());
    let gradient = mapped(&blank, |x, _, _| (x % 256) as u8);
    assert!(decode(&gradient).is_empty());
}

#[test]
fn garbage_bytes_are_an_error() {
    assert!(matches!(
        cvm_scan::decode_bytes(b"definitely not an image"),
        Err(cvm_scan::ScanError::Image(_))
    ));
}

#[test]
fn inverted_code_decodes() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 100, 40);
    let inverted = mapped(&img, |_, _, p| 255 - p);
    assert_eq!(plain_rqrr(&inverted), 0);
    assert_eq!(decode(&inverted), vec![ORG]);
}

#[test]
fn rotated_code_decodes() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 140, 60);
    for deg in [17.0, 45.0, 90.0, 200.0] {
        assert_eq!(decode(&rotated(&img, deg)), vec![ORG], "{deg}°");
    }
}

#[test]
fn noisy_code_decodes() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 100, 40);
    assert_eq!(decode(&noisy(&img, 60)), vec![ORG]);
}

#[test]
fn low_contrast_code_decodes() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 100, 40);
    // Dark grey on mid grey: 110 vs 150.
    let dim = mapped(&img, |_, _, p| 110 + (u32::from(p) * 40 / 255) as u8);
    assert_eq!(decode(&dim), vec![ORG]);
}

#[test]
fn unevenly_lit_code_decodes() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 100, 40);
    // A strong shadow from left to right: the light side of the code is brighter than the dark side's
    // background.
    let lit = mapped(&img, |x, _, p| {
        let gain = 0.15 + 0.85 * f64::from(x) / 640.0;
        (f64::from(p) * gain + 10.0) as u8
    });
    assert_eq!(plain_rqrr(&lit), 0);
    assert_eq!(decode(&lit), vec![ORG]);
}

#[test]
fn large_frames_are_downscaled() {
    let img = on_canvas(&rendered(ORG, 12), 2600, 1600, 255, 900, 400);
    assert_eq!(decode(&img), vec![ORG]);
}

#[test]
fn several_codes_are_all_reported_once() {
    let mut img = on_canvas(&rendered("first", 5), 700, 300, 255, 20, 40);
    image::imageops::replace(&mut img, &rendered("second", 5), 360, 40);
    let mut found = decode(&img);
    found.sort();
    assert_eq!(found, vec!["first", "second"]);
}

#[test]
fn transparent_background_counts_as_white() {
    let code = rendered(ORG, 5);
    let rgba = image::ImageBuffer::from_fn(code.width(), code.height(), |x, y| {
        if code.get_pixel(x, y).0[0] < 128 {
            LumaA([0u8, 255])
        } else {
            LumaA([0u8, 0])
        }
    });
    assert_eq!(
        cvm_scan::decode(&DynamicImage::ImageLumaA8(rgba)),
        vec![ORG]
    );
}

#[test]
fn svg_uses_the_same_modules_as_png() {
    // The PNG at 1 px per module is a picture of the module grid; the SVG must draw the same dark runs.
    let png = rendered(ORG, 1);
    let svg = cvm_scan::render_svg(ORG).unwrap();
    let n = png.width();
    assert!(svg.contains(&format!("viewBox=\"0 0 {n} {n}\"")));
    let d = &svg[svg.find(" d=\"").unwrap() + 4..svg.rfind('"').unwrap()];
    let mut dark = 0u32;
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
        let len: u32 = rest.split_once('v').unwrap().0.parse().unwrap();
        for i in x..x + len {
            assert_eq!(png.get_pixel(i, y).0[0], 0, "({i},{y})");
        }
        dark += len;
    }
    assert_eq!(dark as usize, png.pixels().filter(|p| p.0[0] == 0).count());
}

#[test]
fn qrscan_prints_one_line_per_code_and_flags_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let code = dir.path().join("code.png");
    std::fs::write(&code, cvm_scan::render_png(ORG, 4).unwrap()).unwrap();
    let blank = dir.path().join("blank.png");
    std::fs::write(
        &blank,
        png_bytes(&GrayImage::from_pixel(50, 50, Luma([255]))),
    )
    .unwrap();
    let junk = dir.path().join("junk.png");
    std::fs::write(&junk, b"junk").unwrap();
    let missing = dir.path().join("missing.png");

    let out = Command::new(env!("CARGO_BIN_EXE_qrscan"))
        .args([&code, &junk, &blank, &missing])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        format!("{}\t{ORG}\n{}\t-\n", code.display(), blank.display())
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("junk.png"), "{stderr}");
    assert!(stderr.contains("missing.png"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));

    let ok = Command::new(env!("CARGO_BIN_EXE_qrscan"))
        .arg(&code)
        .output()
        .unwrap();
    assert!(ok.status.success());
}

#[test]
fn frame_scanner_takes_turns_with_the_retries() {
    let img = on_canvas(&rendered(ORG, 5), 640, 480, 255, 100, 40);
    let inverted = mapped(&img, |_, _, p| 255 - p);
    let mut scanner = cvm_scan::FrameScanner::new();
    // A plain code is found on every frame.
    for _ in 0..4 {
        assert_eq!(scanner.scan(640, 480, img.as_raw()), vec![ORG]);
    }
    // An inverted one within one round of retries (three frames).
    let mut scanner = cvm_scan::FrameScanner::new();
    let hits = (0..3)
        .filter(|_| !scanner.scan(640, 480, inverted.as_raw()).is_empty())
        .count();
    assert!(hits >= 1, "{hits}");
    assert!(scanner.scan(3, 3, &[0; 2]).is_empty());
}

#[test]
fn png_module_size_is_bounded() {
    let side = |px| rendered("hi", px).width();
    assert_eq!(side(0), side(1));
    assert_eq!(side(u32::MAX), side(cvm_scan::MAX_MODULE_PX));
}

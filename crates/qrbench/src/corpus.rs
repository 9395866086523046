//! The corpus: deterministic frames per distortion class (seeded), each holding org codes or credential
//! payloads the way a phone camera would see them, written as PNG with a manifest of expected payloads.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use cvm_api::{Fingerprint, OrgCode};
use image::GrayImage;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::synth::{self, Canvas, Placement};

/// The distortion classes, in report order.
pub const CLASSES: &[&str] = &[
    "clean",
    "rotation",
    "perspective",
    "blur",
    "noise",
    "low_contrast",
    "uneven_light",
    "inverted",
    "moire_jpeg",
    "small_clutter",
    "two_codes",
    "mixed",
    // The weak spots a corpus of real photos showed (issue 17):
    "no_quiet_zone",
    "defocus",
    "strong_perspective",
];

/// One frame of the corpus.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Frame {
    pub class: String,
    /// Path relative to the corpus directory, e.g. `blur/003.png`.
    pub file: String,
    pub width: u32,
    pub height: u32,
    /// Module size in pixels of the (first) code, for reading failures.
    pub module_px: f32,
    pub expected: Vec<String>,
}

/// A generated frame with its pixels.
pub struct Generated {
    pub frame: Frame,
    pub image: GrayImage,
}

/// Generates `per_class` frames for every class; the same seed gives the same corpus.
pub fn generate(seed: u64, per_class: usize) -> Vec<Generated> {
    let mut out = Vec::new();
    for (ci, class) in CLASSES.iter().enumerate() {
        for i in 0..per_class {
            let mut rng = StdRng::seed_from_u64(seed ^ ((ci as u64) << 32) ^ i as u64);
            // Every fourth frame is VGA (older phones, preview streams); the rest are 720p.
            let (w, h) = if i % 4 == 3 { (640, 480) } else { (1280, 720) };
            let (image, expected, module_px) = frame(class, i, w, h, &mut rng);
            out.push(Generated {
                frame: Frame {
                    class: (*class).to_string(),
                    file: format!("{class}/{i:03}.png"),
                    width: image.width(),
                    height: image.height(),
                    module_px,
                    expected,
                },
                image,
            });
        }
    }
    out
}

/// Writes the frames as PNG under `dir/<class>/NNN.png` and `dir/manifest.json`.
pub fn write(dir: &Path, frames: &[Generated]) -> anyhow::Result<()> {
    for g in frames {
        let path = dir.join(&g.frame.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        g.image
            .save(&path)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let manifest: Vec<&Frame> = frames.iter().map(|g| &g.frame).collect();
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    Ok(())
}

const NAMES: &[&str] = &[
    "Acme Logistics HQ",
    "Clinica San Jose",
    "North Campus",
    "Harbour Warehouse 3",
    "Torre Norte",
    "Data Centre B",
    "Hotel Mirador",
    "Plant 7",
];

/// An org code URI (as the admin page draws it) or a credential payload (`2#` + 32 random bytes).
pub fn payload(rng: &mut StdRng, org: bool) -> String {
    if !org {
        let bytes: [u8; 32] = rng.gen();
        return format!(
            "2#{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }
    let name = NAMES[rng.gen_range(0..NAMES.len())];
    let urls = (0..rng.gen_range(1..=2))
        .map(|i| {
            let host = format!("site{}.example{}.com", rng.gen_range(1..99), i);
            let port = [443, 8443, 8098][rng.gen_range(0..3)];
            Url::parse(&format!("https://{host}:{port}")).expect("valid url")
        })
        .collect();
    OrgCode::new(name, urls, Fingerprint(rng.gen()))
        .expect("valid org code")
        .to_uri()
}

/// The module grid of a payload, one pixel per module, quiet zone included.
fn modules(payload: &str) -> GrayImage {
    let png = cvm_scan::render_png(payload, 1).expect("payload fits a QR code");
    image::load_from_memory(&png)
        .expect("render_png writes a PNG")
        .to_luma8()
}

/// How one code is drawn.
struct CodeLook {
    module_px: f32,
    /// Rotation in radians.
    angle: f32,
    /// Corner jitter as a fraction of the card side (perspective).
    persp: f32,
    dark: f32,
    light: f32,
    /// Light card around the quiet zone, in modules.
    card: f32,
}

impl CodeLook {
    fn new(rng: &mut StdRng, module_px: std::ops::Range<f32>) -> Self {
        Self {
            module_px: rng.gen_range(module_px),
            angle: rng.gen_range(-0.05..0.05),
            persp: 0.0,
            dark: rng.gen_range(20.0..50.0),
            light: rng.gen_range(200.0..235.0),
            card: rng.gen_range(0.5..2.0),
        }
    }
}

/// Draws one frame of `class`; returns it with its payloads and the first code's module size.
fn frame(
    class: &str,
    i: usize,
    w: usize,
    h: usize,
    rng: &mut StdRng,
) -> (GrayImage, Vec<String>, f32) {
    let mut c = scene(rng, w, h, if class == "small_clutter" { 60 } else { 8 });
    let big = h as f32 / 720.0;
    // Larger modules in VGA frames: the same code seen by a lower-resolution camera at a closer distance.
    let normal = 3.0 * big.max(0.8)..6.0;
    let mut look = CodeLook::new(rng, normal.clone());
    let (mut blur, mut noise, mut salt) = (rng.gen_range(0.3..0.7), rng.gen_range(2.0..5.0), 0.0);
    let mut gain: Option<Box<dyn Fn(f32, f32) -> f32>> = None;
    let (mut moire, mut jpeg, mut motion) = (None, None, None);
    let mut codes = 1;
    match class {
        "clean" => {}
        "rotation" => look.angle = rng.gen_range(0.15..std::f32::consts::TAU - 0.15),
        "perspective" => {
            look.persp = rng.gen_range(0.15..0.3);
            look.module_px = rng.gen_range(3.5..6.0);
        }
        "blur" => {
            look.module_px = rng.gen_range(4.0..6.5);
            if i % 3 == 2 {
                motion = Some((rng.gen_range(6..12), rng.gen()));
            } else {
                blur = rng.gen_range(1.4..2.6);
            }
        }
        "noise" => {
            noise = rng.gen_range(22.0..45.0);
            salt = rng.gen_range(0.0..0.02);
        }
        "low_contrast" => {
            let mid = rng.gen_range(90.0..170.0);
            let spread = rng.gen_range(12.0..30.0);
            look.dark = mid - spread / 2.0;
            look.light = mid + spread / 2.0;
        }
        "uneven_light" => {
            let (wf, hf) = (w as f32, h as f32);
            gain = Some(match i % 3 {
                0 => {
                    // A steep gradient from a window on one side.
                    let a: f32 = rng.gen_range(0.0..std::f32::consts::TAU);
                    let (dx, dy) = (a.cos() / wf, a.sin() / hf);
                    Box::new(move |x, y| 0.7 + 0.9 * ((x - wf / 2.0) * dx + (y - hf / 2.0) * dy))
                }
                1 => {
                    // A hard shadow edge across the frame (a hand or the phone).
                    let (x0, slope) = (rng.gen_range(0.3..0.7) * wf, rng.gen_range(-0.6..0.6));
                    let depth = rng.gen_range(0.45..0.7);
                    Box::new(move |x, y| {
                        let d = x - (x0 + slope * (y - hf / 2.0));
                        1.0 - depth / (1.0 + (-d / 6.0).exp())
                    })
                }
                _ => {
                    // Glare: a bright spot from a lamp on a glossy card.
                    let (gx, gy) = (rng.gen_range(0.3..0.7) * wf, rng.gen_range(0.3..0.7) * hf);
                    let r = rng.gen_range(0.08..0.15) * wf;
                    Box::new(move |x, y| {
                        let d2 = ((x - gx).powi(2) + (y - gy).powi(2)) / (r * r);
                        0.75 + 1.6 * (-d2).exp()
                    })
                }
            });
        }
        "inverted" => {
            std::mem::swap(&mut look.dark, &mut look.light);
        }
        "moire_jpeg" => {
            moire = Some(rng.gen_range(0.3..0.55));
            jpeg = Some(rng.gen_range(8..25));
            look.module_px = rng.gen_range(4.0..6.5);
        }
        "small_clutter" => {
            look.module_px = rng.gen_range(1.7..2.7);
            look.angle = rng.gen_range(-0.3..0.3);
            look.card = rng.gen_range(0.0..0.5);
        }
        "two_codes" => {
            codes = 2;
            look.module_px = rng.gen_range(3.0..5.0);
        }
        "no_quiet_zone" => {
            // A photo cropped to the code's edge: drawn straight, slightly soft, then cut at the edge of
            // its modules below (the quiet zone gone).
            look.angle = rng.gen_range(-0.01..0.01);
            look.card = 0.0;
            look.module_px = rng.gen_range(4.0..8.0);
            blur = rng.gen_range(0.8..1.4);
        }
        "defocus" => {
            // Out of focus: the blur is half a module or more.
            look.module_px = rng.gen_range(4.0..7.0);
            blur = look.module_px * rng.gen_range(0.45..0.6);
        }
        "strong_perspective" => {
            look.persp = rng.gen_range(0.3..0.4);
            look.module_px = rng.gen_range(4.0..7.0);
        }
        _ => {
            // "mixed": milder versions of several distortions at once, as real photos are.
            look.angle = rng.gen_range(-0.8..0.8);
            look.persp = rng.gen_range(0.0..0.12);
            blur = rng.gen_range(0.6..1.2);
            noise = rng.gen_range(6.0..14.0);
            let (dark, light) = (rng.gen_range(50.0..80.0), rng.gen_range(150.0..200.0));
            (look.dark, look.light) = (dark, light);
            jpeg = Some(rng.gen_range(40..70));
        }
    }
    let mut expected = Vec::new();
    let mut crop = None;
    let module_px = look.module_px;
    for k in 0..codes {
        let p = payload(rng, [true, false][(i + k) % 2]);
        let grid = modules(&p);
        let slot = (k, codes);
        if k == 1 {
            look = CodeLook::new(rng, 3.0..5.0);
            look.angle = rng.gen_range(-0.5..0.5);
        }
        let corners = place(&mut c, rng, &grid, &look, slot);
        if class == "no_quiet_zone" {
            // Nothing of its 4-module quiet zone is left.
            let inset = f64::from(look.module_px) * 4.0;
            crop = Some(bounds(&corners, inset));
        }
        expected.push(p);
    }
    if let Some(g) = gain {
        synth::light(&mut c, g);
    }
    if let Some(depth) = moire {
        synth::moire(&mut c, rng, depth);
    }
    synth::gaussian_blur(&mut c, blur);
    if let Some((len, horizontal)) = motion {
        synth::motion_blur(&mut c, len, horizontal);
    }
    synth::noise(&mut c, rng, noise, salt);
    if let Some(q) = jpeg {
        synth::jpeg(&mut c, q);
    }
    let image = c.to_image();
    let image = match crop {
        Some((x0, y0, x1, y1)) => {
            image::imageops::crop_imm(&image, x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0))
                .to_image()
        }
        None => image,
    };
    (image, expected, module_px)
}

/// The pixel box of a placed code's corners, `inset` pixels inside them.
fn bounds(corners: &[(f64, f64); 4], inset: f64) -> (u32, u32, u32, u32) {
    let min = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MAX, f64::min);
    let max = |f: fn(&(f64, f64)) -> f64| corners.iter().map(f).fold(f64::MIN, f64::max);
    let px = |v: f64| v.max(0.0).round() as u32;
    (
        px(min(|c| c.0) + inset),
        px(min(|c| c.1) + inset),
        px(max(|c| c.0) - inset),
        px(max(|c| c.1) - inset),
    )
}

/// Places one code: `slot` = (index, count) splits the frame into vertical strips, one code in each.
fn place(
    c: &mut Canvas,
    rng: &mut StdRng,
    grid: &GrayImage,
    look: &CodeLook,
    slot: (usize, usize),
) -> [(f64, f64); 4] {
    let n = f64::from(grid.width()) + 2.0 * f64::from(look.card);
    let strip = c.w as f64 / slot.1 as f64;
    let (sx0, sh) = (strip * slot.0 as f64, c.h as f64);
    let mut side = n * f64::from(look.module_px);
    // Shrink until the code fits its strip at any rotation.
    side = side.min(0.9 * strip.min(sh) / std::f64::consts::SQRT_2 * 1.3);
    let half = side / 2.0;
    let (sin, cos) = (f64::from(look.angle).sin(), f64::from(look.angle).cos());
    let jitter = f64::from(look.persp) * side;
    let mut corners = [(-half, -half), (half, -half), (half, half), (-half, half)].map(|(x, y)| {
        let (jx, jy) = (
            rng.gen_range(-1.0..=1.0) * jitter,
            rng.gen_range(-1.0..=1.0) * jitter,
        );
        (x * cos - y * sin + jx, x * sin + y * cos + jy)
    });
    let min_x = corners.iter().map(|c| c.0).fold(f64::MAX, f64::min);
    let max_x = corners.iter().map(|c| c.0).fold(f64::MIN, f64::max);
    let min_y = corners.iter().map(|c| c.1).fold(f64::MAX, f64::min);
    let max_y = corners.iter().map(|c| c.1).fold(f64::MIN, f64::max);
    let margin = 8.0;
    let cx_lo = sx0 + margin - min_x;
    let cx_hi = (sx0 + strip - margin - max_x).max(cx_lo + 1.0);
    let cy_lo = margin - min_y;
    let cy_hi = (sh - margin - max_y).max(cy_lo + 1.0);
    let (cx, cy) = (rng.gen_range(cx_lo..cx_hi), rng.gen_range(cy_lo..cy_hi));
    for corner in &mut corners {
        *corner = (corner.0 + cx, corner.1 + cy);
    }
    synth::draw_code(
        c,
        &Placement {
            modules: grid,
            corners,
            card: f64::from(look.card),
            dark: look.dark,
            light: look.light,
        },
    );
    corners
}

/// A background: a lit desk with a few objects, and `clutter` small marks (text lines, shapes, grids)
/// that look like bits of QR codes to a finder-pattern search.
fn scene(rng: &mut StdRng, w: usize, h: usize, clutter: usize) -> Canvas {
    let base = rng.gen_range(90.0..170.0);
    let mut c = Canvas::filled(w, h, base);
    let (gx, gy) = (rng.gen_range(-0.08..0.08), rng.gen_range(-0.08..0.08));
    for y in 0..h {
        for x in 0..w {
            c.px[y * w + x] += gx * (x as f32 - w as f32 / 2.0) + gy * (y as f32 - h as f32 / 2.0);
        }
    }
    let (wf, hf) = (w as f32, h as f32);
    for _ in 0..rng.gen_range(2..6) {
        let (x, y) = (rng.gen_range(0.0..wf), rng.gen_range(0.0..hf));
        let (rw, rh) = (rng.gen_range(40.0..wf / 3.0), rng.gen_range(40.0..hf / 3.0));
        c.rect(x, y, x + rw, y + rh, rng.gen_range(30.0..230.0));
    }
    for _ in 0..clutter {
        let (x, y) = (rng.gen_range(0.0..wf), rng.gen_range(0.0..hf));
        let v = if rng.gen() {
            rng.gen_range(0.0..60.0)
        } else {
            rng.gen_range(190.0..255.0)
        };
        match rng.gen_range(0..5) {
            0 => {
                // A line of "text": glyph-sized dark blocks.
                let gh = rng.gen_range(5.0..14.0);
                let mut cx = x;
                for _ in 0..rng.gen_range(5..25) {
                    let gw = rng.gen_range(0.4..0.9) * gh;
                    if rng.gen::<f32>() > 0.15 {
                        c.rect(cx, y, cx + gw, y + gh, v);
                    }
                    cx += gw + gh * 0.25;
                }
            }
            1 => c.disc(x, y, rng.gen_range(3.0..25.0), v),
            2 => {
                let len = rng.gen_range(20.0..200.0);
                let a: f32 = rng.gen_range(0.0..std::f32::consts::PI);
                let end = (x + len * a.cos(), y + len * a.sin());
                c.line((x, y), end, rng.gen_range(1.0..4.0), v);
            }
            3 => {
                // A finder-pattern look-alike: concentric squares 1:1:3:1:1.
                let m = rng.gen_range(2.0..5.0);
                c.rect(x, y, x + 7.0 * m, y + 7.0 * m, 20.0);
                c.rect(x + m, y + m, x + 6.0 * m, y + 6.0 * m, 230.0);
                c.rect(x + 2.0 * m, y + 2.0 * m, x + 5.0 * m, y + 5.0 * m, 20.0);
            }
            _ => {
                // A checkerboard patch (fabric, a keyboard, a barcode).
                let m = rng.gen_range(2.0..6.0);
                let k = rng.gen_range(3..9);
                for j in 0..k {
                    for i in 0..k {
                        if (i + j) % 2 == 0 {
                            let (px, py) = (x + i as f32 * m, y + j as f32 * m);
                            c.rect(px, py, px + m, py + m, v);
                        }
                    }
                }
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_org_codes_and_credentials() {
        let mut rng = StdRng::seed_from_u64(1);
        let org = payload(&mut rng, true);
        assert!(OrgCode::parse(&org).is_ok(), "{org}");
        let cred = payload(&mut rng, false);
        assert!(cred.starts_with("2#") && cred.len() == 2 + 44, "{cred}");
    }

    #[test]
    fn same_seed_same_corpus_and_clean_frames_decode() {
        let a = generate(7, 1);
        let b = generate(7, 1);
        assert_eq!(a.len(), CLASSES.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.frame.expected, y.frame.expected);
            assert_eq!(x.image.as_raw(), y.image.as_raw());
        }
        let clean = &a[0];
        assert_eq!(clean.frame.class, "clean");
        let found = cvm_scan::decode(&image::DynamicImage::ImageLuma8(clean.image.clone()));
        assert_eq!(found, clean.frame.expected);
    }
}

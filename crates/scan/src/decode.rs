//! Decoding: rxing (a pure-Rust ZXing port) on the frame as is, then cheap retries when it finds nothing
//! (contrast stretch, median, local normalisation, half size, rqrr on a Bradley threshold).

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::{DynamicImage, GrayImage, Luma};

use crate::ScanError;

/// Frames larger than this (either side) are box-downscaled first: codes in them have modules large
/// enough to survive it, and every pass gets quadratically cheaper.
const MAX_SIDE: u32 = 1280;
/// Bradley threshold: a pixel is dark when it is this many percent below its neighbourhood's mean.
const BRADLEY_PERCENT: u32 = 10;

/// Decodes every QR code in an image; distinct payloads in the order found, empty when there is none.
pub fn decode(img: &DynamicImage) -> Vec<String> {
    let luma = to_luma_on_white(img);
    decode_luma(luma.width(), luma.height(), luma.as_raw())
}

/// Decodes a PNG or JPEG file's bytes.
pub fn decode_bytes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    let img = image::load_from_memory(bytes).map_err(|e| ScanError::Image(e.to_string()))?;
    Ok(decode(&img))
}

/// Decodes an 8-bit greyscale frame (row-major, `width * height` bytes, e.g. a camera's Y plane),
/// trying every retry until something is found. A buffer shorter than `width * height` yields nothing.
pub fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Vec<String> {
    let Some(frame) = Frame::new(width, height, luma) else {
        return Vec::new();
    };
    let frame = frame.downscaled(MAX_SIDE);
    let mut found = Pass::Plain.run(&frame, Readers::Full);
    for retry in RETRIES {
        if !found.is_empty() {
            break;
        }
        found = retry.run(&frame, Readers::Full);
    }
    found
}

/// For camera previews, where the next frame comes soon: each frame gets the main pass plus at most one
/// retry, the retries taking turns, all with the quick readers (ZXing's second reader gets its own turn,
/// [`Pass::PlainFull`]), so no frame costs more than about two quick passes.
#[derive(Debug, Clone, Default)]
pub struct FrameScanner {
    next_retry: usize,
}

impl FrameScanner {
    /// Frames in one round of retries: a code any retry reads is read within this many frames.
    pub const ROUND: usize = CAMERA_RETRIES.len();

    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes one frame (as [`decode_luma`] takes it) within the per-frame budget.
    pub fn scan(&mut self, width: u32, height: u32, luma: &[u8]) -> Vec<String> {
        let Some(frame) = Frame::new(width, height, luma) else {
            return Vec::new();
        };
        let frame = frame.downscaled(MAX_SIDE);
        let found = Pass::Plain.run(&frame, Readers::Quick);
        if !found.is_empty() {
            return found;
        }
        let retry = CAMERA_RETRIES[self.next_retry % CAMERA_RETRIES.len()];
        self.next_retry = (self.next_retry + 1) % CAMERA_RETRIES.len();
        retry.run(&frame, Readers::Quick)
    }
}

/// Which of rxing's QR readers a pass runs, in both polarities (dark-on-light, then light-on-dark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readers {
    /// The port of zxing-cpp's reader (every code in the frame), then the port of the Java one.
    Full,
    /// zxing-cpp's port alone: about half the time on a frame with nothing in it.
    Quick,
}

/// One way of looking at a frame.
#[derive(Debug, Clone, Copy)]
enum Pass {
    /// rxing (ZXing) on the frame as is.
    Plain,
    /// [`Pass::Plain`] with the full readers, whatever the scanner's mode (the camera's turn for ZXing's
    /// second reader).
    PlainFull,
    /// Low contrast: the 1st–99th percentile range stretched to 0–255 (the local binariser ignores
    /// blocks whose range is small, so a washed-out code is otherwise invisible).
    Stretched,
    /// Sensor noise breaks the finder patterns' run lengths: half size averages it away (and is cheap).
    Half,
    /// Blur and some clutter defeat the local binariser; one global threshold (histogram valley) is
    /// the other way of looking at the frame.
    Global,
    /// Low contrast with clutter: stretched, then one global threshold.
    GlobalStretched,
    /// Noise on small modules, which half size would merge: a small Gaussian blur (σ ≈ 1 px).
    Blur,
    /// Low contrast with noise or uneven light: blurred, then `128 + gain·(pixel − local mean)` with
    /// the mean over a box of this radius. Different codes need different radii and gains.
    BlurNormalised { radius: usize, gain: i32 },
    /// Heavy blur on mid-sized modules: twice the size (bilinear), where the detector's run-length
    /// tolerances have more pixels to work with.
    Double,
    /// [`Pass::Double`] on the middle half of the frame (in each direction), where a camera user aims:
    /// the cost of one plain pass instead of four.
    DoubleCentre,
    /// A photo cropped to the code's edge has no quiet zone: the finder patterns touch the border,
    /// where the detector cannot see their outer light run. A border of the frame's light level
    /// brings it back.
    Padded,
    /// Defocus: an unsharp mask (the pixel plus `amount`× its difference from the mean of the box of
    /// this radius around it) restores the module edges a blur of half a module smears.
    Sharpened { radius: usize, amount: i32 },
    /// rqrr with a Bradley threshold, for what ZXing's detector does not find.
    Rqrr,
    /// rqrr with its own threshold: it samples strongly skewed grids that rxing's port misreads (slow on
    /// busy frames, so last, and not on camera frames).
    RqrrPlain,
}

/// The retries after [`Pass::Plain`], cheapest and most often useful first (measured by
/// `cargo xtask bench qr`: each one adds codes none before it reads).
const RETRIES: [Pass; 14] = [
    Pass::Half,
    Pass::Global,
    Pass::Blur,
    Pass::Stretched,
    Pass::GlobalStretched,
    Pass::BlurNormalised {
        radius: 20,
        gain: 4,
    },
    Pass::BlurNormalised {
        radius: 10,
        gain: 4,
    },
    Pass::BlurNormalised {
        radius: 20,
        gain: 8,
    },
    Pass::Sharpened {
        radius: 3,
        amount: 2,
    },
    Pass::Sharpened {
        radius: 5,
        amount: 3,
    },
    Pass::Padded,
    Pass::Double,
    Pass::Rqrr,
    Pass::RqrrPlain,
];

/// The camera's retries, one per frame in turn: the full readers on the frame, then [`RETRIES`] with
/// every pass within about two quick passes' time (measured on 720p frames by `cargo xtask bench qr`).
/// No border (a camera user frames the code in the middle, and the padded frame costs half a pass
/// more) and one unsharp mask: the round stays short and each frame within the time budget.
const CAMERA_RETRIES: [Pass; RETRIES.len() - 2] = {
    let mut passes = [Pass::PlainFull; RETRIES.len() - 2];
    let (mut i, mut n) = (0, 1);
    while i < RETRIES.len() {
        let pass = match RETRIES[i] {
            Pass::Double => Some(Pass::DoubleCentre),
            // The stronger unsharp mask reads little the lighter one does not, at two passes' cost.
            Pass::Padded | Pass::Sharpened { radius: 5, .. } | Pass::RqrrPlain => None,
            other => Some(other),
        };
        if let Some(p) = pass {
            passes[n] = p;
            n += 1;
        }
        i += 1;
    }
    assert!(n == passes.len(), "every slot holds a retry");
    passes
};

impl Pass {
    fn run(self, frame: &Frame<'_>, readers: Readers) -> Vec<String> {
        let zxing = |w, h, px: &[u8]| zxing(w, h, px, readers);
        let zxing_global = |w, h, px: &[u8]| zxing_global(w, h, px, readers);
        match self {
            Pass::Plain => zxing(frame.w, frame.h, &frame.px),
            Pass::PlainFull => self::zxing(frame.w, frame.h, &frame.px, Readers::Full),
            Pass::Global => zxing_global(frame.w, frame.h, &frame.px),
            Pass::Stretched => match stretched(frame) {
                Some(px) => zxing(frame.w, frame.h, &px),
                None => Vec::new(),
            },
            Pass::GlobalStretched => match stretched(frame) {
                Some(px) => zxing_global(frame.w, frame.h, &px),
                None => Vec::new(),
            },
            Pass::Half => {
                let half = Frame {
                    w: frame.w,
                    h: frame.h,
                    px: Cow::Borrowed(&frame.px),
                }
                .downscaled_by(2);
                zxing(half.w, half.h, &half.px)
            }
            Pass::Blur => zxing(frame.w, frame.h, &blurred(frame)),
            Pass::BlurNormalised { radius, gain } => {
                let blurred = Frame {
                    w: frame.w,
                    h: frame.h,
                    px: Cow::Owned(blurred(frame)),
                };
                zxing(
                    frame.w,
                    frame.h,
                    &local(&blurred, radius, |p, mean| 128 + gain * (p - mean)),
                )
            }
            Pass::Double => {
                let (w, h, px) = doubled(frame);
                zxing(w, h, &px)
            }
            Pass::DoubleCentre => {
                let centre = frame.centre();
                let (w, h, px) = doubled(&centre);
                zxing(w, h, &px)
            }
            Pass::Padded => {
                let (w, h, px) = padded(frame);
                zxing(w, h, &px)
            }
            Pass::Sharpened { radius, amount } => zxing(
                frame.w,
                frame.h,
                &local(frame, radius, |p, mean| p + amount * (p - mean)),
            ),
            Pass::RqrrPlain => {
                let w = frame.w;
                guarded(|| {
                    let mut img =
                        rqrr::PreparedImage::prepare_from_greyscale(frame.w, frame.h, |x, y| {
                            frame.px[y * w + x]
                        });
                    payloads(img.detect_grids())
                })
            }
            Pass::Rqrr => {
                let dark = bradley(frame);
                let mut found = scan_bitmap(frame, &dark, false);
                if found.is_empty() {
                    found = scan_bitmap(frame, &dark, true);
                }
                found
            }
        }
    }
}

/// rxing's port of zxing-cpp's QR reader (all codes in the frame), then its port of the Java one,
/// on a locally thresholded frame (ZXing's hybrid binariser); both again inverted. Reed–Solomon is
/// checked by both.
fn zxing(w: usize, h: usize, px: &[u8], readers: Readers) -> Vec<String> {
    // rxing's binariser wants an owned source; the copy costs far less than the detection.
    match rxing::Luma8LuminanceSource::new(px.to_vec(), w as u32, h as u32) {
        Ok(source) => zxing_bitmap(
            rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source)),
            readers,
        ),
        Err(_) => Vec::new(),
    }
}

/// As [`zxing`], with one global threshold (ZXing's histogram binariser) instead of a local one.
fn zxing_global(w: usize, h: usize, px: &[u8], readers: Readers) -> Vec<String> {
    match rxing::Luma8LuminanceSource::new(px.to_vec(), w as u32, h as u32) {
        Ok(source) => zxing_bitmap(
            rxing::BinaryBitmap::new(rxing::common::GlobalHistogramBinarizer::new(source)),
            readers,
        ),
        Err(_) => Vec::new(),
    }
}

fn zxing_bitmap<B: rxing::Binarizer>(
    mut bitmap: rxing::BinaryBitmap<B>,
    readers: Readers,
) -> Vec<String> {
    use rxing::multi::MultipleBarcodeReader;
    use rxing::Reader;

    guarded(move || {
        let hints = rxing::DecodeHints {
            TryHarder: Some(true),
            PossibleFormats: Some(std::collections::HashSet::from([
                rxing::BarcodeFormat::QR_CODE,
            ])),
            ..Default::default()
        };
        for invert in [false, true] {
            if invert {
                bitmap.invert();
            }
            let mut out: Vec<String> = Vec::new();
            if let Ok(results) =
                rxing::qrcode::cpp_port::QrReader.decode_multiple_with_hints(&mut bitmap, &hints)
            {
                for r in &results {
                    push_new(&mut out, r.getText());
                }
            }
            if out.is_empty() && readers == Readers::Full {
                if let Ok(r) = rxing::qrcode::QRCodeReader.decode_with_hints(&mut bitmap, &hints) {
                    push_new(&mut out, r.getText());
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    })
}

/// A borrowed or owned greyscale frame.
struct Frame<'a> {
    w: usize,
    h: usize,
    px: Cow<'a, [u8]>,
}

impl<'a> Frame<'a> {
    fn new(width: u32, height: u32, luma: &'a [u8]) -> Option<Self> {
        let (w, h) = (width as usize, height as usize);
        let len = w.checked_mul(h)?;
        if w == 0 || h == 0 || luma.len() < len {
            return None;
        }
        Some(Self {
            w,
            h,
            px: Cow::Borrowed(&luma[..len]),
        })
    }

    /// The middle half in each direction (a quarter of the pixels).
    fn centre(&self) -> Frame<'static> {
        let (w, h) = ((self.w / 2).max(1), (self.h / 2).max(1));
        let (x0, y0) = ((self.w - w) / 2, (self.h - h) / 2);
        let mut px = Vec::with_capacity(w * h);
        for y in y0..y0 + h {
            px.extend_from_slice(&self.px[y * self.w + x0..y * self.w + x0 + w]);
        }
        Frame {
            w,
            h,
            px: Cow::Owned(px),
        }
    }

    /// Box-averages by the smallest integer factor that brings both sides to at most `max` pixels.
    fn downscaled(self, max: u32) -> Frame<'a> {
        let f = self.w.max(self.h).div_ceil(max as usize);
        self.downscaled_by(f)
    }

    /// Box-averages by `f` in both directions (nothing to do for `f <= 1`).
    fn downscaled_by(self, f: usize) -> Frame<'a> {
        if f <= 1 {
            return self;
        }
        let (w, h) = (self.w / f, self.h / f);
        let mut out = vec![0u8; w * h];
        let area = (f * f) as u32;
        for (oy, row) in out.chunks_exact_mut(w).enumerate() {
            for (ox, o) in row.iter_mut().enumerate() {
                let mut sum = 0u32;
                for y in oy * f..oy * f + f {
                    let start = y * self.w + ox * f;
                    sum += self.px[start..start + f]
                        .iter()
                        .map(|&p| u32::from(p))
                        .sum::<u32>();
                }
                *o = (sum / area) as u8;
            }
        }
        Frame {
            w,
            h,
            px: Cow::Owned(out),
        }
    }
}

fn push_new(out: &mut Vec<String>, text: &str) {
    if !text.is_empty() && !out.iter().any(|t| t == text) {
        out.push(text.to_owned());
    }
}

fn scan_bitmap(frame: &Frame<'_>, dark: &[bool], invert: bool) -> Vec<String> {
    let w = frame.w;
    guarded(|| {
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(frame.w, frame.h, |x, y| {
            dark[y * w + x] != invert
        });
        payloads(img.detect_grids())
    })
}

fn payloads<G: rqrr::BitGrid>(grids: Vec<rqrr::Grid<G>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for grid in grids {
        if let Ok((_, text)) = grid.decode() {
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// Runs one rqrr pass. rqrr has panicked on odd inputs in the past; an image from an untrusted source
/// must never take the app down, so a panicking pass counts as "nothing found" (where unwinding exists).
fn guarded(pass: impl FnOnce() -> Vec<String>) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(pass)).unwrap_or_default()
}

/// Bradley–Roth adaptive threshold over an integral image: dark where a pixel is `BRADLEY_PERCENT` below
/// the mean of the square of radius max(w,h)/32 around it.
fn bradley(frame: &Frame<'_>) -> Vec<bool> {
    let (w, h) = (frame.w, frame.h);
    let r = (w.max(h) / 32).max(1);
    let iw = w + 1;
    let integral = integral(frame);
    let mut dark = vec![false; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let count = ((x1 - x0) * (y1 - y0)) as u64;
            let sum = u64::from(integral[y1 * iw + x1]) + u64::from(integral[y0 * iw + x0])
                - u64::from(integral[y0 * iw + x1])
                - u64::from(integral[y1 * iw + x0]);
            let p = u64::from(frame.px[y * w + x]);
            dark[y * w + x] = p * count * 100 < sum * u64::from(100 - BRADLEY_PERCENT);
        }
    }
    dark
}

/// The frame with its 1st–99th percentile range stretched to 0–255; `None` when it already spans most
/// of the range (the pass would see the same frame again).
fn stretched(frame: &Frame<'_>) -> Option<Vec<u8>> {
    let mut hist = [0usize; 256];
    for &p in frame.px.iter() {
        hist[usize::from(p)] += 1;
    }
    let n = frame.px.len();
    let percentile = |q: usize| {
        let target = n * q / 100;
        let mut acc = 0;
        for (v, &c) in hist.iter().enumerate() {
            acc += c;
            if acc > target {
                return v;
            }
        }
        255
    };
    let (lo, hi) = (percentile(1), percentile(99));
    if hi <= lo || hi - lo > 200 {
        return None;
    }
    let lut: Vec<u8> = (0..256usize)
        .map(|v| (v.saturating_sub(lo) * 255 / (hi - lo)).min(255) as u8)
        .collect();
    Some(frame.px.iter().map(|&p| lut[usize::from(p)]).collect())
}

/// The frame inside a border an eighth of its shorter side wide (at least 16 px), filled with its light
/// level (the 95th percentile).
fn padded(frame: &Frame<'_>) -> (usize, usize, Vec<u8>) {
    let (w, h) = (frame.w, frame.h);
    let b = (w.min(h) / 8).max(16);
    let mut hist = [0usize; 256];
    for &p in frame.px.iter() {
        hist[usize::from(p)] += 1;
    }
    let target = frame.px.len() * 95 / 100;
    let mut acc = 0;
    let light = hist
        .iter()
        .position(|&c| {
            acc += c;
            acc > target
        })
        .unwrap_or(255) as u8;
    let (pw, ph) = (w + 2 * b, h + 2 * b);
    let mut out = vec![light; pw * ph];
    for (y, row) in frame.px.chunks_exact(w).enumerate() {
        let start = (y + b) * pw + b;
        out[start..start + w].copy_from_slice(row);
    }
    (pw, ph, out)
}

/// Twice the width and height, new pixels the mean of their two or four neighbours.
fn doubled(frame: &Frame<'_>) -> (usize, usize, Vec<u8>) {
    let (w, h) = (frame.w, frame.h);
    let (w2, h2) = (2 * w, 2 * h);
    let mut out = vec![0u8; w2 * h2];
    for (y2, dst) in out.chunks_exact_mut(w2).enumerate() {
        let (y, y1) = (y2 / 2, (y2 / 2 + (y2 & 1)).min(h - 1));
        let (r0, r1) = (&frame.px[y * w..y * w + w], &frame.px[y1 * w..y1 * w + w]);
        for (x2, o) in dst.iter_mut().enumerate() {
            let (x, x1) = (x2 / 2, (x2 / 2 + (x2 & 1)).min(w - 1));
            let sum = u16::from(r0[x]) + u16::from(r0[x1]) + u16::from(r1[x]) + u16::from(r1[x1]);
            *o = ((sum + 2) / 4) as u8;
        }
    }
    (w2, h2, out)
}

/// Separable [1 4 6 4 1]/16 blur (a Gaussian of σ ≈ 1 px), edges clamped.
fn blurred(frame: &Frame<'_>) -> Vec<u8> {
    let (w, h) = (frame.w, frame.h);
    let tap = |a: u8, b: u8, c: u8, d: u8, e: u8| {
        let sum =
            u16::from(a) + 4 * u16::from(b) + 6 * u16::from(c) + 4 * u16::from(d) + u16::from(e);
        ((sum + 8) / 16) as u8
    };
    // Horizontal, on a row padded by two clamped pixels each side.
    let mut tmp = vec![0u8; w * h];
    let mut padded = vec![0u8; w + 4];
    for (row, dst) in frame.px.chunks_exact(w).zip(tmp.chunks_exact_mut(w)) {
        padded[2..w + 2].copy_from_slice(row);
        padded[..2].fill(row[0]);
        padded[w + 2..].fill(row[w - 1]);
        for (x, o) in dst.iter_mut().enumerate() {
            *o = tap(
                padded[x],
                padded[x + 1],
                padded[x + 2],
                padded[x + 3],
                padded[x + 4],
            );
        }
    }
    // Vertical, five whole rows at a time.
    let mut out = vec![0u8; w * h];
    let row = |y: usize| &tmp[y * w..y * w + w];
    for (y, dst) in out.chunks_exact_mut(w).enumerate() {
        let r = [
            row(y.saturating_sub(2)),
            row(y.saturating_sub(1)),
            row(y),
            row((y + 1).min(h - 1)),
            row((y + 2).min(h - 1)),
        ];
        for (x, o) in dst.iter_mut().enumerate() {
            *o = tap(r[0][x], r[1][x], r[2][x], r[3][x], r[4][x]);
        }
    }
    out
}

/// Each pixel as `f(pixel, mean of the box of radius r around it)`, clamped to 0–255: with
/// `128 + gain·(p − mean)` it flattens uneven light and amplifies weak contrast; with
/// `p + amount·(p − mean)` it sharpens (an unsharp mask).
fn local(frame: &Frame<'_>, r: usize, f: impl Fn(i32, i32) -> i32) -> Vec<u8> {
    let (w, h) = (frame.w, frame.h);
    let integral = integral(frame);
    let iw = w + 1;
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let count = ((x1 - x0) * (y1 - y0)) as u64;
            let sum = u64::from(integral[y1 * iw + x1]) + u64::from(integral[y0 * iw + x0])
                - u64::from(integral[y0 * iw + x1])
                - u64::from(integral[y1 * iw + x0]);
            let mean = (sum / count) as i32;
            let p = i32::from(frame.px[y * w + x]);
            out[y * w + x] = f(p, mean).clamp(0, 255) as u8;
        }
    }
    out
}

/// Summed-area table, `(w + 1) × (h + 1)`. Sums stay below 2^32: frames are at most MAX_SIDE² pixels
/// of at most 255.
fn integral(frame: &Frame<'_>) -> Vec<u32> {
    let (w, h) = (frame.w, frame.h);
    let iw = w + 1;
    let mut integral = vec![0u32; iw * (h + 1)];
    for y in 0..h {
        let mut row_sum = 0u32;
        for x in 0..w {
            row_sum += u32::from(frame.px[y * w + x]);
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row_sum;
        }
    }
    integral
}

/// Greyscale, with transparent pixels composited over white (a QR saved with a transparent background
/// would otherwise turn into a black square).
fn to_luma_on_white(img: &DynamicImage) -> GrayImage {
    if !img.color().has_alpha() {
        return img.to_luma8();
    }
    let la = img.to_luma_alpha8();
    GrayImage::from_fn(la.width(), la.height(), |x, y| {
        let [l, a] = la.get_pixel(x, y).0;
        let (l, a) = (u32::from(l), u32::from(a));
        Luma([((l * a + 255 * (255 - a)) / 255) as u8])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_buffers_and_empty_frames_yield_nothing() {
        assert!(decode_luma(10, 10, &[0; 99]).is_empty());
        assert!(decode_luma(0, 10, &[]).is_empty());
        assert!(decode_luma(u32::MAX, u32::MAX, &[0; 4]).is_empty());
    }

    /// A faint code (grey 120 on 136, below the local binariser's minimum contrast) on a 640×480 canvas.
    fn faint_frame() -> (u32, u32, Vec<u8>) {
        const TEXT: &str = "cvmobile://org?v=1&n=Faint&u=https%3A%2F%2F10.0.0.1%3A8098";
        let png = crate::render_png(TEXT, 5).unwrap();
        let code = image::load_from_memory(&png).unwrap().to_luma8();
        let (w, h) = (640u32, 480u32);
        let px = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| {
                let p = if x >= 60 && y >= 40 && x - 60 < code.width() && y - 40 < code.height() {
                    code.get_pixel(x - 60, y - 40).0[0]
                } else {
                    255
                };
                120 + (u32::from(p) * 16 / 255) as u8
            })
            .collect();
        (w, h, px)
    }

    #[test]
    fn faint_codes_need_a_retry_and_the_frame_scanner_gets_there_within_one_round() {
        let (w, h, px) = faint_frame();
        let frame = Frame::new(w, h, &px).unwrap();
        assert!(
            Pass::Plain.run(&frame, Readers::Full).is_empty(),
            "the retry is not needed"
        );
        let found = decode_luma(w, h, &px);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("n=Faint"));
        let mut scanner = FrameScanner::new();
        let hits = (0..CAMERA_RETRIES.len())
            .filter(|_| scanner.scan(w, h, &px) == found)
            .count();
        assert!(hits >= 1);
    }

    #[test]
    fn the_centre_is_the_middle_half_and_the_camera_retries_avoid_full_frame_doubling() {
        let px: Vec<u8> = (0..8 * 4).map(|i| i as u8).collect();
        let c = Frame::new(8, 4, &px).unwrap().centre();
        assert_eq!((c.w, c.h), (4, 2));
        assert_eq!(&c.px[..], &[10, 11, 12, 13, 18, 19, 20, 21]);
        assert!(CAMERA_RETRIES.iter().all(|p| !matches!(p, Pass::Double)));
        assert!(CAMERA_RETRIES
            .iter()
            .any(|p| matches!(p, Pass::DoubleCentre)));
    }

    #[test]
    fn stretch_is_skipped_on_full_range_frames_and_maps_percentiles_to_the_ends() {
        let full: Vec<u8> = (0..=255u8).cycle().take(256 * 8).collect();
        assert!(stretched(&Frame::new(256, 8, &full).unwrap()).is_none());
        let narrow: Vec<u8> = (100..=140u8).cycle().take(41 * 10).collect();
        let out = stretched(&Frame::new(41, 10, &narrow).unwrap()).unwrap();
        assert_eq!(out.iter().min(), Some(&0));
        assert_eq!(out.iter().max(), Some(&255));
    }

    #[test]
    fn blur_keeps_flat_areas_and_softens_a_step() {
        let mut px = vec![200u8; 16 * 16];
        for row in px.chunks_exact_mut(16) {
            row[8..].fill(40);
        }
        let out = blurred(&Frame::new(16, 16, &px).unwrap());
        assert_eq!(out[5 * 16], 200);
        assert_eq!(out[5 * 16 + 15], 40);
        assert!(out[5 * 16 + 7] < 200 && out[5 * 16 + 7] > 40);
        assert!(out[5 * 16 + 8] < 200 && out[5 * 16 + 8] > 40);
    }

    /// A code cropped to its edge (no quiet zone left), 6 px per module.
    fn cropped_code() -> (u32, u32, Vec<u8>, &'static str) {
        const TEXT: &str = "2#3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        let png = crate::render_png(TEXT, 6).unwrap();
        let code = image::load_from_memory(&png).unwrap().to_luma8();
        let q = 4 * 6;
        let crop =
            image::imageops::crop_imm(&code, q, q, code.width() - 2 * q, code.height() - 2 * q)
                .to_image();
        (crop.width(), crop.height(), crop.into_raw(), TEXT)
    }

    #[test]
    fn a_code_cropped_to_its_edge_is_read_once_padded() {
        let (w, h, px, text) = cropped_code();
        let frame = Frame::new(w, h, &px).unwrap();
        assert_eq!(Pass::Padded.run(&frame, Readers::Full), [text]);
        assert_eq!(decode_luma(w, h, &px), [text]);
        let (pw, ph, padded) = padded(&frame);
        let b = (w.min(h) as usize / 8).max(16);
        assert_eq!((pw, ph), (w as usize + 2 * b, h as usize + 2 * b));
        assert_eq!(padded[0], 255, "the light level of the frame");
    }

    #[test]
    fn sharpening_steepens_a_step_and_keeps_flat_areas() {
        let mut px = vec![100u8; 16 * 4];
        for row in px.chunks_exact_mut(16) {
            row[8..].fill(150);
        }
        let frame = Frame::new(16, 4, &px).unwrap();
        let sharp = local(&frame, 3, |p, mean| p + 2 * (p - mean));
        assert_eq!((sharp[0], sharp[15]), (100, 150), "flat areas stay");
        assert!(sharp[7] < 100 && sharp[8] > 150, "{:?}", &sharp[..16]);
    }

    #[test]
    fn doubling_keeps_pixels_and_interpolates_between_them() {
        let px = [0u8, 100, 200, 40];
        let (w, h, out) = doubled(&Frame::new(2, 2, &px).unwrap());
        assert_eq!((w, h), (4, 4));
        assert_eq!(&out[..4], &[0, 50, 100, 100]);
        assert_eq!(out[2 * 4], 200);
        assert_eq!(out[4 + 1], 85);
    }

    #[test]
    fn downscale_keeps_frames_within_bounds() {
        let px = vec![7u8; 3000 * 200];
        let f = Frame::new(3000, 200, &px).unwrap().downscaled(1280);
        assert_eq!((f.w, f.h), (1000, 66));
        assert!(f.px.iter().all(|&p| p == 7));
    }

    #[test]
    fn bradley_marks_locally_dark_pixels() {
        // A gradient with one darker dot: the dot is dark, its brighter surroundings are not.
        let (w, h) = (64usize, 64usize);
        let mut px: Vec<u8> = (0..w * h).map(|i| (100 + (i % w)) as u8).collect();
        px[32 * w + 32] = 40;
        let f = Frame::new(w as u32, h as u32, &px).unwrap();
        let dark = bradley(&f);
        assert!(dark[32 * w + 32]);
        assert!(!dark[10 * w + 10]);
    }
}

//! Decoding: rqrr on the frame as is, then cheap retries for what rqrr misses (inverted codes, uneven light).

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
    let mut found = Pass::Plain.run(&frame);
    for retry in RETRIES {
        if !found.is_empty() {
            break;
        }
        found = retry.run(&frame);
    }
    found
}

/// For camera previews, where the next frame comes soon: each frame gets the plain pass plus one
/// retry, the retries taking turns, so no frame costs more than about two passes.
#[derive(Debug, Clone, Default)]
pub struct FrameScanner {
    next_retry: usize,
}

impl FrameScanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes one frame (as [`decode_luma`] takes it) within the per-frame budget.
    pub fn scan(&mut self, width: u32, height: u32, luma: &[u8]) -> Vec<String> {
        let Some(frame) = Frame::new(width, height, luma) else {
            return Vec::new();
        };
        let frame = frame.downscaled(MAX_SIDE);
        let found = Pass::Plain.run(&frame);
        if !found.is_empty() {
            return found;
        }
        let retry = RETRIES[self.next_retry % RETRIES.len()];
        self.next_retry = (self.next_retry + 1) % RETRIES.len();
        retry.run(&frame)
    }
}

/// One way of looking at a frame.
#[derive(Debug, Clone, Copy)]
enum Pass {
    /// rqrr's own row-wise threshold.
    Plain,
    /// Light-on-dark codes (phone screens in dark mode, some printed badges): rqrr only sees dark ones.
    Inverted,
    /// Uneven light (shadows, glare, gradients) defeats rqrr's row-wise threshold; a local one fixes it.
    Adaptive,
    AdaptiveInverted,
}

/// The retries after [`Pass::Plain`], cheapest and most often useful first.
const RETRIES: [Pass; 3] = [Pass::Inverted, Pass::Adaptive, Pass::AdaptiveInverted];

impl Pass {
    fn run(self, frame: &Frame<'_>) -> Vec<String> {
        match self {
            Pass::Plain => scan_grey(frame, false),
            Pass::Inverted => scan_grey(frame, true),
            Pass::Adaptive => scan_bitmap(frame, &bradley(frame), false),
            Pass::AdaptiveInverted => scan_bitmap(frame, &bradley(frame), true),
        }
    }
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

    /// Box-averages by the smallest integer factor that brings both sides to at most `max` pixels.
    fn downscaled(self, max: u32) -> Frame<'a> {
        let max = max as usize;
        let f = self.w.max(self.h).div_ceil(max);
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

fn scan_grey(frame: &Frame<'_>, invert: bool) -> Vec<String> {
    let (w, px) = (frame.w, &frame.px);
    guarded(|| {
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(frame.w, frame.h, |x, y| {
            let p = px[y * w + x];
            if invert {
                255 - p
            } else {
                p
            }
        });
        payloads(img.detect_grids())
    })
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
    // Sums stay below 2^32: frames are at most MAX_SIDE² pixels of at most 255.
    let iw = w + 1;
    let mut integral = vec![0u32; iw * (h + 1)];
    for y in 0..h {
        let mut row_sum = 0u32;
        for x in 0..w {
            row_sum += u32::from(frame.px[y * w + x]);
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row_sum;
        }
    }
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

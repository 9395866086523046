//! Image synthesis: a "camera frame" is drawn in floating-point luminance (a scene, the codes warped onto it
//! through a homography, then light, optics, sensor and compression effects in that order).

use image::codecs::jpeg::JpegEncoder;
use image::GrayImage;
use rand::rngs::StdRng;
use rand::Rng;

/// A greyscale canvas in floating-point luminance (0 = black, 255 = white; values may leave that range
/// until the frame is quantised).
#[derive(Debug, Clone)]
pub struct Canvas {
    pub w: usize,
    pub h: usize,
    pub px: Vec<f32>,
}

impl Canvas {
    pub fn filled(w: usize, h: usize, v: f32) -> Self {
        Self {
            w,
            h,
            px: vec![v; w * h],
        }
    }

    pub fn to_image(&self) -> GrayImage {
        let raw = self
            .px
            .iter()
            .map(|&p| p.round().clamp(0.0, 255.0) as u8)
            .collect();
        GrayImage::from_raw(self.w as u32, self.h as u32, raw).expect("buffer matches size")
    }

    fn from_image(img: &GrayImage) -> Self {
        Self {
            w: img.width() as usize,
            h: img.height() as usize,
            px: img.as_raw().iter().map(|&p| f32::from(p)).collect(),
        }
    }

    /// Fills an axis-aligned rectangle (clipped to the canvas).
    pub fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, v: f32) {
        let (xa, xb) = (clip(x0, self.w), clip(x1, self.w));
        let (ya, yb) = (clip(y0, self.h), clip(y1, self.h));
        for y in ya..yb {
            self.px[y * self.w + xa..y * self.w + xb].fill(v);
        }
    }

    /// Fills a disc.
    pub fn disc(&mut self, cx: f32, cy: f32, r: f32, v: f32) {
        let (ya, yb) = (clip(cy - r, self.h), clip(cy + r + 1.0, self.h));
        let (xa, xb) = (clip(cx - r, self.w), clip(cx + r + 1.0, self.w));
        for y in ya..yb {
            for x in xa..xb {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                if dx * dx + dy * dy <= r * r {
                    self.px[y * self.w + x] = v;
                }
            }
        }
    }

    /// Draws a straight line `width` pixels wide.
    pub fn line(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), width: f32, v: f32) {
        let len = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt().max(1.0);
        let steps = (len * 2.0) as usize;
        for i in 0..=steps {
            let t = i as f32 / steps.max(1) as f32;
            let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            self.rect(
                x - width / 2.0,
                y - width / 2.0,
                x + width / 2.0,
                y + width / 2.0,
                v,
            );
        }
    }
}

fn clip(v: f32, max: usize) -> usize {
    v.max(0.0).min(max as f32) as usize
}

/// A 3×3 projective transform (row-major, `m[8]` normalised to 1).
#[derive(Debug, Clone, Copy)]
pub struct Homography([f64; 9]);

impl Homography {
    /// The transform taking each `from[i]` to `to[i]`; `None` for degenerate point sets.
    pub fn from_points(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Option<Self> {
        // h0 x + h1 y + h2 - h6 x X - h7 y X = X, and the same for Y.
        let mut a = [[0f64; 9]; 8];
        for (i, (&(x, y), &(u, v))) in from.iter().zip(&to).enumerate() {
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -x * u, -y * u, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -x * v, -y * v, v];
        }
        for col in 0..8 {
            let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
            if a[pivot][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, pivot);
            let p = a[col];
            for (r, row) in a.iter_mut().enumerate() {
                if r != col {
                    let f = row[col] / p[col];
                    for (x, pv) in row[col..].iter_mut().zip(&p[col..]) {
                        *x -= f * pv;
                    }
                }
            }
        }
        let mut m = [0f64; 9];
        for i in 0..8 {
            m[i] = a[i][8] / a[i][i];
        }
        m[8] = 1.0;
        Some(Self(m))
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let w = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / w,
            (m[3] * x + m[4] * y + m[5]) / w,
        )
    }
}

/// A code to draw: its module grid (quiet zone included) and where its corners land in the frame.
pub struct Placement<'a> {
    /// One pixel per module, dark = 0.
    pub modules: &'a GrayImage,
    /// Frame positions of the card's corners (top-left, top-right, bottom-right, bottom-left).
    pub corners: [(f64, f64); 4],
    /// Extra light card around the quiet zone, in modules.
    pub card: f64,
    pub dark: f32,
    pub light: f32,
}

/// Draws a code onto the canvas, 3×3 supersampled so that edges are anti-aliased as a lens would.
pub fn draw_code(canvas: &mut Canvas, p: &Placement<'_>) {
    let n = f64::from(p.modules.width());
    let (lo, hi) = (-p.card, n + p.card);
    let square = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)];
    let Some(inv) = Homography::from_points(p.corners, square) else {
        return;
    };
    let xs = p.corners.map(|c| c.0);
    let ys = p.corners.map(|c| c.1);
    let fold = |v: [f64; 4], f: fn(f64, f64) -> f64| v.into_iter().reduce(f).unwrap_or(0.0);
    let x0 = fold(xs, f64::min).floor().max(0.0) as usize;
    let x1 = (fold(xs, f64::max).ceil() as usize + 1).min(canvas.w);
    let y0 = fold(ys, f64::min).floor().max(0.0) as usize;
    let y1 = (fold(ys, f64::max).ceil() as usize + 1).min(canvas.h);
    let size = p.modules.width() as i64;
    for y in y0..y1 {
        for x in x0..x1 {
            let (mut inside, mut lum) = (0u32, 0f32);
            for sy in 0..3 {
                for sx in 0..3 {
                    let fx = x as f64 + (f64::from(sx) + 0.5) / 3.0;
                    let fy = y as f64 + (f64::from(sy) + 0.5) / 3.0;
                    let (u, v) = inv.apply(fx, fy);
                    if u < lo || u >= hi || v < lo || v >= hi {
                        continue;
                    }
                    inside += 1;
                    let (mu, mv) = (u.floor() as i64, v.floor() as i64);
                    let dark = (0..size).contains(&mu)
                        && (0..size).contains(&mv)
                        && p.modules.get_pixel(mu as u32, mv as u32).0[0] < 128;
                    lum += if dark { p.dark } else { p.light };
                }
            }
            if inside > 0 {
                let i = y * canvas.w + x;
                let cover = inside as f32 / 9.0;
                canvas.px[i] = canvas.px[i] * (1.0 - cover) + lum / 9.0;
            }
        }
    }
}

/// Separable Gaussian blur (what a slightly defocused lens does).
pub fn gaussian_blur(c: &mut Canvas, sigma: f32) {
    if sigma <= 0.0 {
        return;
    }
    let r = (sigma * 3.0).ceil() as i64;
    let kernel: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / sum).collect();
    convolve(c, &kernel, true);
    convolve(c, &kernel, false);
}

/// A box blur along one axis (camera shake).
pub fn motion_blur(c: &mut Canvas, len: usize, horizontal: bool) {
    let len = len.max(1) | 1;
    let kernel = vec![1.0 / len as f32; len];
    convolve(c, &kernel, horizontal);
}

fn convolve(c: &mut Canvas, kernel: &[f32], horizontal: bool) {
    let r = (kernel.len() / 2) as i64;
    let src = c.px.clone();
    let (w, h) = (c.w as i64, c.h as i64);
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0f32;
            for (k, &kv) in kernel.iter().enumerate() {
                let d = k as i64 - r;
                let (sx, sy) = if horizontal {
                    ((x + d).clamp(0, w - 1), y)
                } else {
                    (x, (y + d).clamp(0, h - 1))
                };
                acc += kv * src[(sy * w + sx) as usize];
            }
            c.px[(y * w + x) as usize] = acc;
        }
    }
}

/// Additive Gaussian sensor noise plus a fraction of salt-and-pepper pixels.
pub fn noise(c: &mut Canvas, rng: &mut StdRng, sigma: f32, salt: f32) {
    for p in &mut c.px {
        *p += sigma * gauss(rng);
        if salt > 0.0 && rng.gen::<f32>() < salt {
            *p = if rng.gen() { 0.0 } else { 255.0 };
        }
    }
}

/// A standard normal sample (Box–Muller).
pub fn gauss(rng: &mut StdRng) -> f32 {
    let u1: f32 = rng.gen_range(f32::EPSILON..1.0);
    let u2: f32 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
}

/// Uneven light: each pixel is multiplied by `gain(x, y)`.
pub fn light(c: &mut Canvas, gain: impl Fn(f32, f32) -> f32) {
    for y in 0..c.h {
        for x in 0..c.w {
            c.px[y * c.w + x] *= gain(x as f32, y as f32);
        }
    }
}

/// A phone screen photographed: the display's pixel grid beating against the sensor's (two close, fine
/// gratings whose product has a coarse beat), with some sub-pixel stripes.
pub fn moire(c: &mut Canvas, rng: &mut StdRng, depth: f32) {
    let a1: f32 = rng.gen_range(0.0..std::f32::consts::PI);
    let a2 = a1 + rng.gen_range(0.02..0.12);
    let f1: f32 = rng.gen_range(0.28..0.42);
    let f2 = f1 * rng.gen_range(0.94..1.06);
    let (k1, k2) = (
        (f1 * a1.cos(), f1 * a1.sin()),
        (f2 * a2.cos(), f2 * a2.sin()),
    );
    let tau = std::f32::consts::TAU;
    light(c, |x, y| {
        let g1 = (tau * (k1.0 * x + k1.1 * y)).cos();
        let g2 = (tau * (k2.0 * x + k2.1 * y)).cos();
        let stripes = if (x as usize) % 3 == 2 { 0.93 } else { 1.0 };
        (1.0 - depth * 0.5 * (1.0 + g1 * g2)) * stripes
    });
}

/// Re-encodes the frame as JPEG at `quality` and decodes it again (block and ringing artefacts).
pub fn jpeg(c: &mut Canvas, quality: u8) {
    let img = c.to_image();
    let mut bytes = Vec::new();
    let encoded = JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(&img);
    if encoded.is_err() {
        return;
    }
    if let Ok(decoded) = image::load_from_memory(&bytes) {
        *c = Canvas::from_image(&decoded.to_luma8());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homography_maps_corners_and_centre_of_a_square() {
        let from = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        let to = [(100.0, 50.0), (120.0, 50.0), (120.0, 70.0), (100.0, 70.0)];
        let h = Homography::from_points(from, to).unwrap();
        for (f, t) in from.iter().zip(&to) {
            let (x, y) = h.apply(f.0, f.1);
            assert!((x - t.0).abs() < 1e-9 && (y - t.1).abs() < 1e-9);
        }
        let (x, y) = h.apply(5.0, 5.0);
        assert!((x - 110.0).abs() < 1e-9 && (y - 60.0).abs() < 1e-9);
        assert!(Homography::from_points(from, [(0.0, 0.0); 4]).is_none());
    }

    #[test]
    fn blur_keeps_a_flat_canvas_flat() {
        let mut c = Canvas::filled(20, 10, 100.0);
        gaussian_blur(&mut c, 1.5);
        motion_blur(&mut c, 5, true);
        assert!(c.px.iter().all(|&p| (p - 100.0).abs() < 1e-3));
    }
}

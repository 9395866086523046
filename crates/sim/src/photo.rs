//! Tiny generated "capture photos": an uncompressed PNG (stored deflate blocks), so no image codec is needed;
//! and the face-photo checks of `detectFace` and `updatePersonnelPhoto`: the vendor's quality answers
//! (-50xx) judged from the picture's size, colour, brightness, contrast and sharpness.

use base64::Engine;

const WIDTH: u32 = 48;
const HEIGHT: u32 = 36;

/// A small PNG whose colours derive from `seed`, as standard base64 (the API's `capturePhotoBase64`).
pub fn capture_base64(seed: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(capture_png(seed))
}

/// A `WIDTH`×`HEIGHT` RGB picture: a two-colour gradient with a darker "figure" in the middle.
pub fn capture_png(seed: u64) -> Vec<u8> {
    let bytes = seed.to_le_bytes();
    let (r0, g0, b0) = (bytes[0], bytes[1], bytes[2]);
    let (r1, g1, b1) = (bytes[3], bytes[4], bytes[5]);
    let mut raw = Vec::with_capacity(((WIDTH * 3 + 1) * HEIGHT) as usize);
    for y in 0..HEIGHT {
        raw.push(0); // filter type: none
        for x in 0..WIDTH {
            let mix = |a: u8, b: u8| -> u8 {
                let t = (x + y) * 255 / (WIDTH + HEIGHT - 2);
                ((u32::from(a) * (255 - t) + u32::from(b) * t) / 255) as u8
            };
            let (dx, dy) = (x.abs_diff(WIDTH / 2), y.abs_diff(HEIGHT / 2));
            let figure = dx * dx * 4 + dy * dy * 2 < 300;
            let shade = |c: u8| if figure { c / 3 } else { c };
            raw.extend_from_slice(&[shade(mix(r0, r1)), shade(mix(g0, g1)), shade(mix(b0, b1))]);
        }
    }

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&WIDTH.to_be_bytes());
    ihdr.extend_from_slice(&HEIGHT.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream made of uncompressed deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(0xFFFF).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// Why a face photo is refused: (vendor code, message).
pub type PhotoRejection = (i32, &'static str);

/// Smallest picture the vendor's face extractor takes, in pixels.
const MIN_FACE_PIXELS: u64 = 80_000;

/// Width and height of a PNG or JPEG; `None` for anything else.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let be = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        return Some((be(16), be(20)));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // Walk the JPEG segments to the first start-of-frame.
    let mut at = 2;
    while at + 9 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            let h = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let w = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Some((u32::from(w), u32::from(h)));
        }
        at += 2 + len;
    }
    None
}

/// The emulator's stand-in for the vendor's face extractor, checked in this order: not base64 or not a
/// decodable PNG/JPEG -27; fewer than 80,000 pixels -5001; no colour -5006; too dark -5010; overexposed
/// -5009; (almost) nothing in it -5002 "no face"; no sharp detail -5008 "vague". It finds no actual face:
/// integrators get each answer from a picture made to provoke it.
pub fn check_face(base64_photo: &str) -> Result<(), PhotoRejection> {
    const INVALID: PhotoRejection = (-27, "invalid personnel photo");
    let raw = base64_photo
        .split_once("base64,")
        .map_or(base64_photo, |(_, data)| data)
        .trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .map_err(|_| INVALID)?;
    let (w, h) = dimensions(&bytes).ok_or(INVALID)?;
    if u64::from(w) * u64::from(h) < MIN_FACE_PIXELS {
        return Err((-5001, "the photo resolution is lower than 80000 pixels"));
    }
    let picture = image::load_from_memory(&bytes).map_err(|_| INVALID)?;
    let small = picture.thumbnail(160, 160).to_rgb8();
    let (sw, sh) = (small.width() as usize, small.height() as usize);
    let colour = small.pixels().any(|p| {
        let [r, g, b] = p.0;
        r.max(g).max(b) - r.min(g).min(b) > 12
    });
    if !colour {
        return Err((-5006, "the picture is not a colour image"));
    }
    let luma: Vec<f64> = small
        .pixels()
        .map(|p| 0.299 * f64::from(p.0[0]) + 0.587 * f64::from(p.0[1]) + 0.114 * f64::from(p.0[2]))
        .collect();
    let n = luma.len() as f64;
    let mean = luma.iter().sum::<f64>() / n;
    let spread = (luma.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n).sqrt();
    if mean < 45.0 {
        return Err((-5010, "the picture brightness is too dark"));
    }
    if mean > 215.0 {
        return Err((-5009, "the picture is seriously overexposed"));
    }
    if spread < 12.0 {
        return Err((-5002, "no face detected"));
    }
    // Sharpness: the mean magnitude of the Laplacian over the inner pixels.
    let mut edges = 0.0;
    let mut count = 0.0;
    for y in 1..sh.saturating_sub(1) {
        for x in 1..sw.saturating_sub(1) {
            let at = |dx: usize, dy: usize| luma[(y + dy - 1) * sw + (x + dx - 1)];
            edges += (4.0 * at(1, 1) - at(0, 1) - at(2, 1) - at(1, 0) - at(1, 2)).abs();
            count += 1.0;
        }
    }
    if count > 0.0 && edges / count < 1.5 {
        return Err((-5008, "the picture is vague"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_checks_refuse_what_is_not_a_picture_or_too_small() {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(check_face("not base64!").unwrap_err().0, -27);
        assert_eq!(check_face(&b64(b"GIF89a....")).unwrap_err().0, -27);
        // A PNG header over garbage: large enough, not a picture.
        let mut broken = capture_png(1)[..24].to_vec();
        broken[16..20].copy_from_slice(&400u32.to_be_bytes());
        broken[20..24].copy_from_slice(&300u32.to_be_bytes());
        broken.extend_from_slice(&[7u8; 64]);
        assert_eq!(check_face(&b64(&broken)).unwrap_err().0, -27);
        assert_eq!(dimensions(&capture_png(1)), Some((WIDTH, HEIGHT)));
        assert_eq!(check_face(&capture_base64(1)).unwrap_err().0, -5001);
        // Each quality answer (-5006, -5010, -5009, -5002, -5008) from a picture made to provoke it:
        // see the contract test `detect_face_answers`.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x01, 0x90,
        ];
        assert_eq!(dimensions(&jpeg), Some((400, 300)));
    }

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn png_has_signature_and_distinct_seeds_differ() {
        let a = capture_png(1);
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(a.ends_with(&[0xAE, 0x42, 0x60, 0x82])); // CRC of an empty IEND
        assert_ne!(a, capture_png(0x0102_0304_0506));
        assert!(capture_base64(7).starts_with("iVBORw0KGgo"));
    }
}

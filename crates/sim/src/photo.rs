//! Tiny generated "capture photos": an uncompressed PNG (stored deflate blocks), so no image codec is needed;
//! and the face-photo checks of `detectFace` and `updatePersonnelPhoto`, judged from the image header alone.

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

/// The emulator's stand-in for the vendor's face extractor: not base64 or not a PNG/JPEG -27, fewer than
/// 80,000 pixels -5001, and a picture with (almost) nothing in it -5002 "no face": its encoded data uses
/// fewer than 32 distinct byte values or is smaller than one byte per 100 pixels (a blank image compresses
/// to almost nothing).
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
    let pixels = u64::from(w) * u64::from(h);
    if pixels < MIN_FACE_PIXELS {
        return Err((-5001, "the photo resolution is lower than 80000 pixels"));
    }
    let mut seen = [false; 256];
    for b in &bytes {
        seen[usize::from(*b)] = true;
    }
    let distinct = seen.iter().filter(|s| **s).count();
    if distinct < 32 || (bytes.len() as u64) < pixels / 100 {
        return Err((-5002, "no face detected"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_checks_read_png_headers() {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        assert_eq!(check_face("not base64!").unwrap_err().0, -27);
        assert_eq!(check_face(&b64(b"GIF89a....")).unwrap_err().0, -27);
        assert_eq!(dimensions(&capture_png(1)), Some((WIDTH, HEIGHT)));
        assert_eq!(check_face(&capture_base64(1)).unwrap_err().0, -5001);
        // A 400x300 header over nothing: large enough, but blank.
        let mut blank = capture_png(1)[..24].to_vec();
        blank[16..20].copy_from_slice(&400u32.to_be_bytes());
        blank[20..24].copy_from_slice(&300u32.to_be_bytes());
        blank.extend_from_slice(&[0u8; 64]);
        assert_eq!(check_face(&b64(&blank)).unwrap_err().0, -5002);
        // The same header over varied data passes.
        let mut busy = blank[..24].to_vec();
        busy.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
        assert_eq!(check_face(&b64(&busy)), Ok(()));
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

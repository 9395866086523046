//! Tiny generated "capture photos": an uncompressed PNG (stored deflate blocks), so no image codec is needed.

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

#[cfg(test)]
mod tests {
    use super::*;

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

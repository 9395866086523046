//! Visitors' photos (licence plate, goods): a picture from the camera or a file, checked (a JPEG or PNG,
//! at most [`MAX_INPUT`] bytes), downscaled to at most [`MAX_SIDE`] pixels on its longer side and sent as
//! a JPEG small enough for cvlink ([`cvm_api::visitors::PHOTO_MAX_BYTES`]).

use base64::Engine;
use cvm_api::visitors::PHOTO_MAX_BYTES;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;

/// The largest file taken in (a phone camera's photo is a few MB).
pub const MAX_INPUT: usize = 20 * 1024 * 1024;
/// The longer side after downscaling.
pub const MAX_SIDE: u32 = 1280;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a JPEG or PNG picture (or a broken one).
    NotPicture,
    /// Larger than [`MAX_INPUT`].
    TooLarge,
}

/// The picture in `bytes` as a downscaled JPEG `data:` URL.
pub fn prepare(bytes: &[u8]) -> Result<String, PhotoError> {
    if bytes.len() > MAX_INPUT {
        return Err(PhotoError::TooLarge);
    }
    let img = image::load_from_memory(bytes).map_err(|_| PhotoError::NotPicture)?;
    let mut side = MAX_SIDE;
    let mut quality = 80;
    loop {
        let small = if img.width().max(img.height()) > side {
            img.resize(side, side, FilterType::Triangle)
        } else {
            img.clone()
        };
        let rgb = small.to_rgb8();
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&rgb)
            .map_err(|_| PhotoError::NotPicture)?;
        if out.len() <= PHOTO_MAX_BYTES || side <= 320 {
            return Ok(format!(
                "data:image/jpeg;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&out)
            ));
        }
        side = side * 3 / 4;
        quality = quality.saturating_sub(10).max(50);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 13 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_photo_is_downscaled_to_a_small_jpeg() {
        let url = prepare(&png(3000, 2000)).unwrap();
        let b64 = url.strip_prefix("data:image/jpeg;base64,").unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert!(bytes.len() <= PHOTO_MAX_BYTES, "{}", bytes.len());
        let back = image::load_from_memory(&bytes).unwrap();
        assert!(back.width() <= MAX_SIDE && back.height() <= MAX_SIDE);
        assert_eq!(
            back.width() * 2,
            back.height() * 3,
            "the aspect ratio is kept"
        );
        assert!(cvm_api::visitors::photo_bytes(&url).is_some());
    }

    #[test]
    fn a_small_photo_keeps_its_size_and_non_pictures_are_refused() {
        let url = prepare(&png(200, 100)).unwrap();
        let b64 = url.strip_prefix("data:image/jpeg;base64,").unwrap();
        let back = image::load_from_memory(
            &base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
        )
        .unwrap();
        assert_eq!((back.width(), back.height()), (200, 100));
        assert_eq!(
            prepare(b"%PDF-1.4 not a picture"),
            Err(PhotoError::NotPicture)
        );
        assert_eq!(
            prepare(&vec![0u8; MAX_INPUT + 1]),
            Err(PhotoError::TooLarge)
        );
    }
}

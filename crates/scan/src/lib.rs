//! QR codes for cvmobile: decoding camera frames and image files (rxing, a pure-Rust ZXing port, plus
//! cheap retries) and rendering the codes we show (SVG for the app, PNG for print, Unicode half blocks
//! for terminals).

mod decode;
mod render;

pub use decode::{decode, decode_bytes, decode_luma, FrameScanner};
pub use render::{ec_level, render_png, render_svg, render_terminal, MAX_MODULE_PX, QUIET_ZONE};

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanError {
    /// The bytes are not a PNG or JPEG image this crate can read.
    #[error("not a readable image: {0}")]
    Image(String),
    /// The payload does not fit in a QR code (too long for error correction M).
    #[error("the text cannot be drawn as a QR code: {0}")]
    Encode(String),
}

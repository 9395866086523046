//! Rendering the codes we show: dark modules on white with a quiet zone, and as much error correction as
//! the payload allows while the modules stay large (see [`ec_level`]).

use std::fmt::Write as _;

use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
use qrcode::{Color, EcLevel, QrCode};

use crate::ScanError;

/// Light modules around the code. Scanners need them to find the code, also in dark mode.
pub const QUIET_ZONE: usize = 4;

/// The code as a square grid of modules, quiet zone included; `true` = dark.
struct Modules {
    size: usize,
    dark: Vec<bool>,
}

/// The largest version (size) worth raising error correction for: version 13 is 69 modules, still over
/// 4 px per module on a 300 px code on a phone.
const MAX_VERSION_FOR_Q: i16 = 13;

/// Error correction for a payload. A code on a screen loses patches to glare and reflections, and a
/// printed one to creases and dirt, so Q (a quarter of the code recoverable) is used while the code stays
/// at version 13 or below (up to 241 bytes) — org codes with two addresses and credentials do; longer
/// payloads fall back to M and then L rather than to tiny modules.
pub fn ec_level(payload: &str) -> Result<EcLevel, ScanError> {
    encode(payload).map(|code| code.error_correction_level())
}

/// The payload encoded at the level [`ec_level`] describes.
fn encode(payload: &str) -> Result<QrCode, ScanError> {
    let at = |level| QrCode::with_error_correction_level(payload.as_bytes(), level).ok();
    match at(EcLevel::Q) {
        Some(code) if matches!(code.version(), qrcode::Version::Normal(v) if v <= MAX_VERSION_FOR_Q) => {
            Ok(code)
        }
        _ => at(EcLevel::M)
            .or_else(|| at(EcLevel::L))
            .ok_or_else(|| ScanError::Encode("the payload is too long for a QR code".into())),
    }
}

impl Modules {
    fn new(payload: &str) -> Result<Self, ScanError> {
        let code = encode(payload)?;
        let inner = code.width();
        let size = inner + 2 * QUIET_ZONE;
        let mut dark = vec![false; size * size];
        for (i, c) in code.to_colors().into_iter().enumerate() {
            if c == Color::Dark {
                dark[(i / inner + QUIET_ZONE) * size + i % inner + QUIET_ZONE] = true;
            }
        }
        Ok(Self { size, dark })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }
}

/// An SVG of the code for the app: one unit per module, sized by CSS (`viewBox`, no width or height),
/// `#000` on a `#fff` background that includes the quiet zone. Hidden from screen readers
/// (`aria-hidden`): the element that holds it carries `role="img"` and the label saying what it is.
pub fn render_svg(payload: &str) -> Result<String, ScanError> {
    let m = Modules::new(payload)?;
    let n = m.size;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" aria-hidden="true" focusable="false" "#,
            r##"shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/>"##,
            r##"<path fill="#000" d=""##
        ),
        n = n
    );
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if m.is_dark(x, y) {
                let start = x;
                while m.is_dark(x, y) {
                    x += 1;
                }
                // Writing to a String cannot fail.
                let _ = write!(svg, "M{start} {y}h{}v1H{start}z", x - start);
            } else {
                x += 1;
            }
        }
    }
    svg.push_str(r#""/></svg>"#);
    Ok(svg)
}

/// Largest module size `render_png` draws (a print-size code is well below; it bounds memory).
pub const MAX_MODULE_PX: u32 = 64;

/// A greyscale PNG of the code, `module_px` pixels per module (clamped to 1..=`MAX_MODULE_PX`), quiet
/// zone included.
pub fn render_png(payload: &str, module_px: u32) -> Result<Vec<u8>, ScanError> {
    let m = Modules::new(payload)?;
    let px = module_px.clamp(1, MAX_MODULE_PX) as usize;
    let side = m.size * px;
    let mut pixels = vec![255u8; side * side];
    for (y, row) in pixels.chunks_exact_mut(side).enumerate() {
        for (x, p) in row.iter_mut().enumerate() {
            if m.is_dark(x / px, y / px) {
                *p = 0;
            }
        }
    }
    let side = u32::try_from(side).map_err(|e| ScanError::Encode(e.to_string()))?;
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(&pixels, side, side, ExtendedColorType::L8)
        .map_err(|e| ScanError::Encode(e.to_string()))?;
    Ok(out)
}

/// The code in Unicode half blocks (two module rows per text line), quiet zone included, one `\n` after
/// each line. Light modules are drawn as blocks, dark ones as spaces, so on the usual light-on-dark
/// terminal the code appears dark on light, the way scanners expect it.
pub fn render_terminal(payload: &str) -> Result<String, ScanError> {
    let m = Modules::new(payload)?;
    let n = m.size;
    let mut out = String::with_capacity((n + 1) * n.div_ceil(2) * 3);
    for y in (0..n).step_by(2) {
        for x in 0..n {
            // Past the last row (odd sizes) counts as light: part of the quiet zone.
            let top_light = !m.is_dark(x, y);
            let bottom_light = y + 1 >= n || !m.is_dark(x, y + 1);
            out.push(match (top_light, bottom_light) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_sized_by_css_and_accessible() {
        let svg = render_svg("cvmobile://org?v=1").unwrap();
        assert!(svg.starts_with("<svg "), "{svg}");
        let open_tag = &svg[..svg.find('>').unwrap()];
        assert!(open_tag.contains("viewBox=\"0 0 "));
        assert!(open_tag.contains("aria-hidden=\"true\""));
        assert!(open_tag.contains("shape-rendering=\"crispEdges\""));
        assert!(!open_tag.contains(" width="));
        assert!(!open_tag.contains(" height="));
        assert!(svg.contains("fill=\"#fff\"") && svg.contains("fill=\"#000\""));
    }

    #[test]
    fn svg_background_covers_the_quiet_zone() {
        let m = Modules::new("hello").unwrap();
        // Version 1 (21 modules at Q) plus 4 on each side.
        assert_eq!(m.size, 21 + 2 * QUIET_ZONE);
        for i in 0..m.size {
            for q in 0..QUIET_ZONE {
                assert!(!m.is_dark(i, q) && !m.is_dark(q, i));
                assert!(!m.is_dark(i, m.size - 1 - q) && !m.is_dark(m.size - 1 - q, i));
            }
        }
        // The top-left finder pattern starts right after the quiet zone.
        assert!(m.is_dark(QUIET_ZONE, QUIET_ZONE));
        let svg = render_svg("hello").unwrap();
        assert!(svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", m.size)));
        assert!(svg.contains(&format!(
            "<rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>",
            m.size
        )));
        assert!(svg.contains(&format!("M{0} {0}h7v1H{0}z", QUIET_ZONE)));
    }

    #[test]
    fn error_correction_is_q_for_our_payloads_and_lower_only_for_long_ones() {
        let org = "cvmobile://org?v=1&n=Demo%20Campus&u=https%3A%2F%2F192.168.10.20%3A8443&u=https%3A%2F%2Frelay.example.org%3A8443&k=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        let credential = format!("2#{}", "A".repeat(120));
        for payload in [org, credential.as_str(), "hello"] {
            assert_eq!(ec_level(payload).unwrap(), EcLevel::Q, "{payload}");
        }
        // Version 13 at Q holds 241 bytes.
        assert_eq!(ec_level(&"x".repeat(241)).unwrap(), EcLevel::Q);
        assert_eq!(ec_level(&"x".repeat(242)).unwrap(), EcLevel::M);
        assert_eq!(ec_level(&"x".repeat(400)).unwrap(), EcLevel::M);
        assert_eq!(ec_level(&"x".repeat(2900)).unwrap(), EcLevel::L);
        assert!(ec_level(&"x".repeat(5000)).is_err());
    }

    #[test]
    fn too_long_payloads_are_errors() {
        let long = "x".repeat(5000);
        assert!(matches!(render_svg(&long), Err(ScanError::Encode(_))));
        assert!(matches!(render_png(&long, 4), Err(ScanError::Encode(_))));
        assert!(matches!(render_terminal(&long), Err(ScanError::Encode(_))));
    }

    #[test]
    fn terminal_rendering_has_half_as_many_lines_as_modules() {
        let t = render_terminal("hello").unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), (21 + 2 * QUIET_ZONE).div_ceil(2));
        assert!(lines
            .iter()
            .all(|l| l.chars().count() == 21 + 2 * QUIET_ZONE));
        // The quiet zone is light: full blocks.
        assert!(lines[0].chars().all(|c| c == '█'));
    }
}

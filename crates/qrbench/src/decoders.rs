//! The decoders under test: cvm-scan and plain rqrr in-process, zxing-cpp and zbar through a Python helper
//! (each frame timed inside the process, so start-up and image loading are not counted), and `zbarimg` in
//! one batch per class when pyzbar is not installed.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use base64::Engine;
use image::DynamicImage;

use crate::corpus::{Generated, CLASSES};

/// The helper script, written next to the corpus at run time.
pub const PY_HELPER: &str = include_str!("../zxing_bench.py");

/// What one decoder found in one frame.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub texts: Vec<String>,
    pub ms: f64,
}

/// One decoder's results over the corpus, by frame file.
#[derive(Debug, Clone)]
pub struct Run {
    pub name: &'static str,
    /// Version or how it was run, for the report.
    pub detail: String,
    /// False when times are batch averages (process start-up and image loading included).
    pub per_frame_time: bool,
    pub outcomes: HashMap<String, Outcome>,
}

/// cvm-scan's `decode` on the frame, as the app calls it.
pub fn cvm_scan(frames: &[Generated]) -> Run {
    in_process("cvm-scan", "crates/scan (this workspace)", frames, |img| {
        cvm_scan::decode(img)
    })
}

/// The app's camera path on the 720p frames: a new [`cvm_scan::FrameScanner`] fed the same frame
/// until it decodes it, at most one round of its retries (`CAMERA_FRAMES` frames, under 1.5 s of
/// camera at the app's 8 frames/s).
pub struct CameraPath {
    /// 720p frames, and for each the camera frames it took (None: not within the round).
    pub needed: Vec<Option<usize>>,
    /// Every camera frame's decode time, ms.
    pub frame_ms: Vec<f64>,
}

/// One frame per retry: every retry has had its turn.
pub const CAMERA_FRAMES: usize = cvm_scan::FrameScanner::ROUND;

pub fn camera_path(frames: &[Generated]) -> CameraPath {
    let mut out = CameraPath {
        needed: Vec::new(),
        frame_ms: Vec::new(),
    };
    for g in frames.iter().filter(|g| g.frame.width == 1280) {
        let mut scanner = cvm_scan::FrameScanner::new();
        let (w, h) = (g.image.width(), g.image.height());
        let mut needed = None;
        for k in 1..=CAMERA_FRAMES {
            let t = Instant::now();
            let texts = scanner.scan(w, h, g.image.as_raw());
            out.frame_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            if crate::report::verdict(&g.frame, &texts) == crate::report::Verdict::Success {
                needed = Some(k);
                break;
            }
        }
        out.needed.push(needed);
    }
    out
}

/// rqrr with no preprocessing: what cvm-scan starts from.
pub fn plain_rqrr(frames: &[Generated]) -> Run {
    in_process("rqrr", "rqrr 0.11, no retries", frames, |img| {
        let luma = img.to_luma8();
        let w = luma.width() as usize;
        let px = luma.as_raw();
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w, luma.height() as usize, |x, y| {
                px[y * w + x]
            });
        let mut out: Vec<String> = Vec::new();
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                if !out.contains(&text) {
                    out.push(text);
                }
            }
        }
        out
    })
}

fn in_process(
    name: &'static str,
    detail: &str,
    frames: &[Generated],
    decode: impl Fn(&DynamicImage) -> Vec<String>,
) -> Run {
    let outcomes = frames
        .iter()
        .map(|g| {
            let img = DynamicImage::ImageLuma8(g.image.clone());
            let t = Instant::now();
            // rqrr has panicked on odd inputs; a panic is a failure to decode, not a failed benchmark.
            let texts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode(&img)))
                .unwrap_or_default();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            (g.frame.file.clone(), Outcome { texts, ms })
        })
        .collect();
    Run {
        name,
        detail: detail.to_string(),
        per_frame_time: true,
        outcomes,
    }
}

/// zxing-cpp (`backend` "zxing") or zbar through pyzbar ("zbar") via the Python helper.
pub fn python(
    name: &'static str,
    backend: &str,
    python: &Path,
    corpus: &Path,
) -> anyhow::Result<Run> {
    let script = corpus.join("zxing_bench.py");
    std::fs::write(&script, PY_HELPER)?;
    let out = Command::new(python)
        .arg(&script)
        .arg(backend)
        .arg(corpus)
        .output()
        .with_context(|| format!("starting {}", python.display()))?;
    if !out.status.success() {
        bail!(
            "{} {backend} failed: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let mut detail = String::new();
    let mut outcomes = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let Some(version) = v.get("version").and_then(|v| v.as_str()) {
            detail = version.to_string();
            continue;
        }
        let file = v["file"].as_str().context("file")?.to_string();
        let texts = v["texts"]
            .as_array()
            .context("texts")?
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        let ms = v["ms"].as_f64().context("ms")?;
        outcomes.insert(file, Outcome { texts, ms });
    }
    Ok(Run {
        name,
        detail,
        per_frame_time: true,
        outcomes,
    })
}

/// zbar through `zbarimg`, one process per class; a frame's time is its class's wall time divided by
/// the number of frames (start-up and PNG loading included, so it overstates zbar's decode time).
pub fn zbarimg(corpus: &Path, frames: &[Generated]) -> anyhow::Result<Run> {
    let version = Command::new("zbarimg")
        .arg("--version")
        .output()
        .context("zbarimg is not installed")?;
    let mut outcomes = HashMap::new();
    for class in CLASSES {
        let files: Vec<&str> = frames
            .iter()
            .filter(|g| g.frame.class == *class)
            .map(|g| g.frame.file.as_str())
            .collect();
        let t = Instant::now();
        let out = Command::new("zbarimg")
            .args(["--xml", "-q", "-Sdisable", "-Sqrcode.enable"])
            .args(&files)
            .current_dir(corpus)
            .output()?;
        let ms = t.elapsed().as_secs_f64() * 1000.0 / files.len().max(1) as f64;
        let found = parse_zbar_xml(&String::from_utf8_lossy(&out.stdout));
        for f in files {
            let texts = found.get(f).cloned().unwrap_or_default();
            outcomes.insert(f.to_string(), Outcome { texts, ms });
        }
    }
    Ok(Run {
        name: "zbar",
        detail: format!(
            "zbarimg {} (batch per class)",
            String::from_utf8_lossy(&version.stdout).trim()
        ),
        per_frame_time: false,
        outcomes,
    })
}

/// Payloads per source file from `zbarimg --xml` output.
fn parse_zbar_xml(xml: &str) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    for source in xml.split("<source href='").skip(1) {
        let Some((file, rest)) = source.split_once('\'') else {
            continue;
        };
        let mut texts = Vec::new();
        for data in rest.split("<data").skip(1) {
            let base64 = data.starts_with(" format='base64'");
            let Some(cdata) = data
                .split_once("<![CDATA[")
                .and_then(|(_, d)| d.split_once("]]>"))
                .map(|(d, _)| d)
            else {
                continue;
            };
            let text = if base64 {
                base64::engine::general_purpose::STANDARD
                    .decode(cdata.split_whitespace().collect::<String>())
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default()
            } else {
                cdata.to_string()
            };
            texts.push(text);
        }
        out.insert(file.to_string(), texts);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zbar_xml_gives_payloads_per_file() {
        let xml = "<barcodes xmlns='x'>\n<source href='a/000.png'>\n<index num='0'>\n\
            <symbol type='QR-Code' quality='1'><data><![CDATA[2#abc]]></data></symbol>\n\
            <symbol type='QR-Code' quality='1'><data format='base64' length='2'><![CDATA[aGk=]]></data></symbol>\n\
            </index>\n</source>\n<source href='a/001.png'>\n</source>\n</barcodes>";
        let found = parse_zbar_xml(xml);
        assert_eq!(found["a/000.png"], ["2#abc", "hi"]);
        assert!(found["a/001.png"].is_empty());
    }
}

//! The web build without `dx`: cargo for wasm32, wasm-bindgen for the JS glue, and our index.html.

use std::path::Path;
use std::process::Command;

use anyhow::Context;

use crate::{cargo, run, target_dir};

pub fn build(root: &Path, out: &Path) -> anyhow::Result<()> {
    run(cargo().args([
        "build",
        "-p",
        "cvmobile",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = target_dir(root).join("wasm32-unknown-unknown/wasm-release/cvmobile.wasm");
    // Start clean so stale files never get served.
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("cleaning {}", out.display()))?;
    }
    let assets = out.join("assets");
    std::fs::create_dir_all(&assets)?;
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "cvmobile",
            "--out-dir",
        ])
        .arg(&assets)
        .arg(&wasm))?;
    // Content-hashed names: the gateway serves them as immutable, so a browser fetches the app once per
    // version; index.html (no-cache) names the current ones.
    let js = std::fs::read(assets.join("cvmobile.js"))?;
    let wasm = std::fs::read(assets.join("cvmobile_bg.wasm"))?;
    let hash = hex16(fnv1a(&[&js, &wasm]));
    let (js_name, wasm_name) = (
        format!("cvmobile.{hash}.js"),
        format!("cvmobile_bg.{hash}.wasm"),
    );
    std::fs::rename(assets.join("cvmobile.js"), assets.join(&js_name))?;
    std::fs::rename(assets.join("cvmobile_bg.wasm"), assets.join(&wasm_name))?;
    let boot = std::fs::read_to_string(root.join("assets/boot.js"))?
        .replace("/assets/cvmobile.js", &format!("/assets/{js_name}"))
        .replace("/assets/cvmobile_bg.wasm", &format!("/assets/{wasm_name}"));
    let boot_name = format!("boot.{}.js", hex16(fnv1a(&[boot.as_bytes()])));
    std::fs::write(assets.join(&boot_name), &boot)?;
    let index = std::fs::read_to_string(root.join("assets/index.html"))?
        .replace("/assets/boot.js", &format!("/assets/{boot_name}"));
    std::fs::write(out.join("index.html"), index)?;
    // Brotli copies (quality 11) of what is large and compressible; the gateway serves them to browsers
    // that accept `br` and compresses the rest on the fly.
    let mut br_total = 0;
    for name in [&js_name, &wasm_name] {
        let path = assets.join(name);
        let data = std::fs::read(&path)?;
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
        br_total += out.len();
        std::fs::write(path.with_file_name(format!("{name}.br")), out)?;
    }
    let size = wasm.len();
    eprintln!(
        "web build: {} KB of wasm, {} KB of wasm + JS as brotli",
        size / 1024,
        br_total / 1024
    );
    Ok(())
}

/// FNV-1a over some byte strings: a content hash for file names (not for security).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn hex16(h: u64) -> String {
    format!("{h:016x}")
}

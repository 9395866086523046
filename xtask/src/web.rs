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
    std::fs::copy(root.join("assets/index.html"), out.join("index.html"))?;
    std::fs::copy(root.join("assets/boot.js"), assets.join("boot.js"))?;
    let size = std::fs::metadata(assets.join("cvmobile_bg.wasm"))?.len();
    eprintln!("web build: {} KB of wasm", size / 1024);
    Ok(())
}

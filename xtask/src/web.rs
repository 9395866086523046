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
    let shell = install(root, out, &[&boot_name, &js_name, &wasm_name], &hash)?;
    eprintln!("web build: {} files in the app shell", shell.len());
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

/// Icon sizes rendered from `assets/icon.svg`: the web app manifest's (192, 512), Apple's touch icon
/// (180), and the desktop and store sizes `dx bundle` takes.
pub const ICON_SIZES: [u32; 6] = [32, 128, 180, 192, 256, 512];

/// Renders `assets/icon.svg` as a square PNG of each size into `dir` (`icon-<size>.png`).
pub fn icons(root: &Path, dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let svg = std::fs::read(root.join("assets/icon.svg"))?;
    let tree = resvg::usvg::Tree::from_data(&svg, &resvg::usvg::Options::default())
        .context("assets/icon.svg")?;
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for size in ICON_SIZES {
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).context("icon size")?;
        let scale = size as f32 / tree.size().width();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let path = dir.join(format!("icon-{size}.png"));
        pixmap.save_png(&path)?;
        out.push(path);
    }
    Ok(out)
}

/// The installable web app: the icons, `manifest.webmanifest` and the service worker `sw.js` (at the
/// root, so its scope is the whole app) that keeps the shell — `index.html`, `entry` (the hashed boot
/// script, app script and wasm), wasm-bindgen's snippets, the icons and the manifest. Returns the
/// shell's paths.
fn install(root: &Path, out: &Path, entry: &[&str], version: &str) -> anyhow::Result<Vec<String>> {
    let assets = out.join("assets");
    icons(root, &assets)?;
    std::fs::copy(root.join("assets/icon.svg"), assets.join("icon.svg"))?;
    let icon = |size: u32, purpose: &str| {
        serde_json::json!({
            "src": format!("/assets/icon-{size}.png"),
            "sizes": format!("{size}x{size}"),
            "type": "image/png",
            "purpose": purpose,
        })
    };
    let manifest = serde_json::json!({
        "name": "cvmobile",
        "short_name": "cvmobile",
        "description": "Your site's access control on your phone: doors, alarms, credentials and visitors.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f3f5fa",
        "theme_color": "#2451d3",
        "icons": [
            icon(192, "any"),
            icon(512, "any"),
            icon(512, "maskable"),
            {"src": "/assets/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    });
    std::fs::write(
        out.join("manifest.webmanifest"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    let mut shell: Vec<String> = vec!["/index.html".into(), "/manifest.webmanifest".into()];
    shell.extend(entry.iter().map(|f| format!("/assets/{f}")));
    shell.extend(
        [192, 512, 180]
            .iter()
            .map(|s| format!("/assets/icon-{s}.png")),
    );
    shell.push("/assets/icon.svg".into());
    // wasm-bindgen's JS snippets (imported by the app's script; their folders carry a hash).
    let mut dirs = vec![assets.join("snippets")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(rel) = path.strip_prefix(out) {
                shell.push(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
    }
    shell.sort();
    let sw = std::fs::read_to_string(root.join("assets/sw.js"))?
        .replace("__VERSION__", version)
        .replace("__SHELL__", &serde_json::to_string(&shell)?);
    anyhow::ensure!(!sw.contains("__"), "assets/sw.js has a placeholder left");
    std::fs::write(out.join("sw.js"), sw)?;
    Ok(shell)
}

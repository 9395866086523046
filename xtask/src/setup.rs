//! Installs what is missing on a fresh Debian machine: apt packages, rustup targets and components, the
//! wasm-bindgen CLI at the version Cargo.lock pins, and the browser tests' npm packages. Each check is
//! cheap when the thing is already there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

use crate::run;

/// Debian packages: Chromium for browser tests and screenshots, WebKitGTK and friends for the desktop
/// build, Xvfb to run it headless, a D-Bus session bus for its notification check, and clang for the iOS check: Dioxus' iOS webview (wry → objc2) has one
/// Objective-C file with no headers (objc2-exception-helper's `@try`/`@catch`), which needs no Apple SDK
/// but an Objective-C compiler.
const APT: &[&str] = &[
    "chromium",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libxdo-dev",
    "libsoup-3.0-dev",
    "xvfb",
    "xauth",
    "dbus-daemon",
    "pkg-config",
    "build-essential",
    "fonts-dejavu-core",
    "clang",
];

const TARGETS: &[&str] = &[
    "wasm32-unknown-unknown",
    "aarch64-linux-android",
    "aarch64-apple-ios",
];

pub fn all(root: &Path) -> anyhow::Result<()> {
    apt(APT)?;
    rustup()?;
    web(root)?;
    npm(root)
}

/// The other decoders `cargo xtask bench qr` compares cvm-scan with: zbar from Debian (zbarimg and
/// libzbar0) and, in a virtualenv under the target directory, zxing-cpp and pyzbar from PyPI. Returns that
/// virtualenv's Python.
pub fn bench(target: &Path) -> anyhow::Result<PathBuf> {
    apt(&["zbar-tools", "python3-venv"])?;
    let venv = target.join("qrbench/venv");
    let python = venv.join("bin/python");
    let probe = "import zxingcpp, pyzbar.pyzbar, PIL";
    if ok(Command::new(&python).args(["-c", probe])) {
        return Ok(python);
    }
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "zxing-cpp",
        "pyzbar",
        "pillow",
    ]))?;
    Ok(python)
}

/// What the web build needs.
pub fn web(root: &Path) -> anyhow::Result<()> {
    rustup()?;
    wasm_bindgen(root)
}

fn ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn apt(packages: &[&str]) -> anyhow::Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            let out = Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output();
            !out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing apt packages: {}", missing.join(" "));
    let sudo = !is_root();
    let apt_get = |args: &[&str]| {
        let mut c = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            c.arg("apt-get");
        }
        c.args(["-o", "DPkg::Lock::Timeout=900"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt_get(&["update"]))?;
    run(apt_get(&["install", "-y", "--no-install-recommends"]).args(&missing))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn rustup() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup")?;
    let installed = String::from_utf8_lossy(&installed.stdout);
    let missing: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect();
    if !missing.is_empty() {
        run(Command::new("rustup")
            .args(["target", "add"])
            .args(&missing))?;
    }
    for component in ["clippy", "rustfmt"] {
        let probe = if component == "clippy" {
            "clippy-driver"
        } else {
            "rustfmt"
        };
        if !ok(Command::new(probe).arg("--version")) {
            run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// The wasm-bindgen version that Cargo.lock pins.
fn locked_wasm_bindgen(root: &Path) -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

fn wasm_bindgen(root: &Path) -> anyhow::Result<()> {
    let want = locked_wasm_bindgen(root)?;
    let have = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string());
    if have
        .as_deref()
        .is_some_and(|h| h.split_whitespace().nth(1) == Some(want.as_str()))
    {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {want} (about 7 minutes on 2 cores)");
    // Not --locked: one of its locked dependencies is missing from the registry.
    run(crate::cargo()
        .args(["install", "wasm-bindgen-cli", "--version", &want])
        .env_remove("CARGO_TARGET_DIR"))
}

fn npm(root: &Path) -> anyhow::Result<()> {
    let dir = root.join("tests/browser");
    let installed = ["playwright-core", "axe-core"].iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    });
    if installed {
        return Ok(());
    }
    if !ok(Command::new("npm").arg("--version")) {
        bail!("npm is missing: install Node.js (Debian: apt-get install nodejs npm)");
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

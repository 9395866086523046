//! Developer automation: `cargo xtask demo`, `cargo xtask test`, `cargo xtask web`, `cargo xtask setup`,
//! `cargo xtask bench qr|events|unlock|records|relay`.
//! Each step installs what it needs on a fresh Debian machine, so the README's two commands are enough.

mod setup;
mod web;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Install what the build and the tests need (apt packages, rustup targets, CLIs, npm packages).
    Setup,
    /// Build the web app into DIR (default: <target>/web-dist).
    Web {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build everything and run the demo site with the web app (or the desktop app with --desktop).
    Demo {
        #[arg(long)]
        desktop: bool,
        /// Port of the web app; the HTTPS API uses the next one.
        #[arg(long, default_value_t = 8700)]
        port: u16,
    },
    /// Everything: fmt, clippy, unit/component/integration tests, Android and desktop checks, browser tests.
    Test {
        /// Skip the browser tests (for quick local iterations; CI never skips them).
        #[arg(long)]
        no_browser: bool,
    },
    /// Benchmarks; `qr`: cvm-scan against rqrr, zbar and zxing-cpp on a generated corpus of distorted
    /// frames (writes docs/qr-benchmark.md); `events`: live events to 1,000 SSE streams (writes
    /// docs/events-benchmark.md); `unlock`: the remote unlock round trip (writes
    /// docs/unlock-benchmark.md); `records`: Access Records pages at depth on the 10-million-record
    /// site (writes docs/records-benchmark.md; builds the site once into the target directory);
    /// `relay`: round trips, unlocks and events direct vs through the relay (writes
    /// docs/relay-benchmark.md).
    Bench { what: String },
    /// A phone package with `dx bundle` (android: an APK; ios: an app bundle). Needs dioxus-cli and the
    /// platform's SDK (Android SDK + NDK with ANDROID_HOME and ANDROID_NDK_HOME; Xcode on macOS); says
    /// what is missing when they are not there. Renders the icons from assets/icon.svg first.
    Bundle {
        #[arg(value_parser = ["android", "ios"])]
        platform: String,
    },
    /// Mutation fuzzing of every parser of untrusted input (org code, QR text, CVSecurity's JSON, the
    /// event stream, request bodies and queries): INPUTS in all (default 10,000,000); writes docs/fuzz.md.
    Fuzz {
        #[arg(default_value_t = 10_000_000)]
        inputs: u64,
    },
}

fn main() {
    if let Err(e) = try_main() {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn try_main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match cli.cmd {
        Cmd::Setup => setup::all(&root),
        Cmd::Web { out } => {
            setup::web(&root)?;
            let out = out.unwrap_or_else(|| target_dir(&root).join("web-dist"));
            web::build(&root, &out)?;
            println!("web build in {}", out.display());
            Ok(())
        }
        Cmd::Demo { desktop, port } => demo(&root, desktop, port),
        Cmd::Test { no_browser } => test(&root, !no_browser),
        Cmd::Bench { what } => bench(&root, &what),
        Cmd::Fuzz { inputs } => fuzz(&root, inputs),
        Cmd::Bundle { platform } => bundle(&root, &platform),
    }
}

fn bench(root: &Path, what: &str) -> anyhow::Result<()> {
    match what {
        "qr" => bench_qr(root),
        "events" => run(cargo()
            .args([
                "bench",
                "-p",
                "cvlink",
                "--features",
                "demo",
                "--bench",
                "events",
                "--",
                "--doc",
            ])
            .arg(root.join("docs/events-benchmark.md"))),
        "unlock" => run(cargo()
            .args(["bench", "-p", "cvlink", "--bench", "unlock", "--", "--doc"])
            .arg(root.join("docs/unlock-benchmark.md"))),
        "records" => {
            let target = target_dir(root);
            std::fs::create_dir_all(&target)?;
            run(cargo()
                .args(["bench", "-p", "cvlink", "--bench", "records", "--", "--db"])
                .arg(target.join("cvsim-large.db"))
                .arg("--doc")
                .arg(root.join("docs/records-benchmark.md")))
        }
        "relay" => run(cargo()
            .args(["bench", "-p", "cvlink", "--bench", "relay", "--", "--doc"])
            .arg(root.join("docs/relay-benchmark.md"))),
        other => bail!("unknown benchmark {other:?}; known: qr, events, unlock, records, relay"),
    }
}

/// Runs cvm-fuzz (a debug build: overflow checks and debug assertions stay on) and writes its table.
fn fuzz(root: &Path, inputs: u64) -> anyhow::Result<()> {
    run(cargo().args(["build", "-p", "cvm-fuzz"]))?;
    let started = Instant::now();
    let out = Command::new(target_dir(root).join("debug/cvm-fuzz"))
        .arg(inputs.to_string())
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running cvm-fuzz")?;
    let table = String::from_utf8_lossy(&out.stdout).to_string();
    print!("{table}");
    anyhow::ensure!(out.status.success(), "a parser panicked (see above)");
    let doc = format!(
        "# Fuzzing (`cargo xtask fuzz`)\n\nMutated inputs through every parser of untrusted input; any panic fails. \
         Measured on this 2-core machine, debug build (overflow checks on), {:.0} s in all.\n\n{table}",
        started.elapsed().as_secs_f64()
    );
    std::fs::write(root.join("docs/fuzz.md"), doc)?;
    Ok(())
}

/// cvm-scan against rqrr, zbar and zxing-cpp (writes docs/qr-benchmark.md).
fn bench_qr(root: &Path) -> anyhow::Result<()> {
    let target = target_dir(root);
    let python = setup::bench(&target)?;
    run(cargo().args(["build", "--release", "-p", "qrbench"]))?;
    run(Command::new(target.join("release/qrbench"))
        .arg("--out")
        .arg(target.join("qrbench"))
        .arg("--python")
        .arg(python)
        .arg("--doc")
        .arg(root.join("docs/qr-benchmark.md")))
}

/// The workspace xtask was run from. `cargo run` sets CARGO_MANIFEST_DIR at run time; the compile-time value
/// is only a fallback, since a shared target dir may hold an xtask binary built from another clone.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Runs a command, failing with its name when it fails.
pub fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("$ {}", shown.replace('"', ""));
    let status = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// `cargo xtask bundle android|ios`: what `dx bundle` needs, checked first and named when missing.
fn bundle(root: &Path, platform: &str) -> anyhow::Result<()> {
    let mut missing = Vec::new();
    if !Command::new("dx")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing
            .push("dioxus-cli (`cargo install dioxus-cli --locked`, about 30 minutes)".to_string());
    }
    match platform {
        "android" => {
            for var in ["ANDROID_HOME", "ANDROID_NDK_HOME"] {
                let set = std::env::var_os(var).is_some_and(|v| Path::new(&v).is_dir());
                if !set {
                    missing.push(format!("{var} pointing to the Android SDK/NDK"));
                }
            }
        }
        _ => {
            if !cfg!(target_os = "macos") {
                missing.push("macOS with Xcode (iOS apps are built and signed only there)".into());
            }
        }
    }
    if !missing.is_empty() {
        bail!(
            "cannot bundle for {platform} on this machine; missing: {}. What runs here instead: `cargo xtask \
             test` checks the app for aarch64-linux-android and aarch64-apple-ios with the `mobile` feature.",
            missing.join("; ")
        );
    }
    if platform == "android" {
        // dx generates the Gradle project and runs Gradle in one go: the manifest and the Kotlin (the
        // foreground service) reach the APK only when Dioxus.toml names them (android/README.md).
        let config = std::fs::read_to_string(root.join("Dioxus.toml"))?;
        for line in [
            r#"android_manifest = "android/AndroidManifest.xml""#,
            r#"android_main_activity = "android/MainActivity.kt""#,
        ] {
            if !config.lines().any(|l| l.trim() == line) {
                bail!("Dioxus.toml's [application] lacks `{line}` (see android/README.md)");
            }
        }
    }
    // Dioxus.toml's [bundle] icons.
    web::icons(root, &root.join("assets/icons"))?;
    run(Command::new("dx")
        .args(["bundle", "--platform", platform, "--release"])
        .current_dir(root))
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn demo(root: &Path, desktop: bool, port: u16) -> anyhow::Result<()> {
    setup::all(root)?;
    let target = target_dir(root);
    let web_out = target.join("web-dist");
    web::build(root, &web_out)?;
    run(cargo().args(["build", "-p", "cvlink", "--features", "demo"]))?;
    let cvlink = target.join("debug/cvlink");
    let dir = root.join("cvlink-demo");
    if desktop {
        run(cargo().args([
            "build",
            "-p",
            "cvmobile",
            "--no-default-features",
            "--features",
            "desktop",
        ]))?;
        let mut gateway = Command::new(&cvlink)
            .args(["demo", "--relay", "--port", &port.to_string(), "--web-dir"])
            .arg(&web_out)
            .arg("--dir")
            .arg(&dir)
            .spawn()?;
        let app = Command::new(target.join("debug/cvmobile")).status();
        let _ = gateway.kill();
        app?;
        return Ok(());
    }
    // With a relay host on loopback: the org code lists the site's address and the relay's.
    run(Command::new(&cvlink)
        .args(["demo", "--relay", "--port", &port.to_string(), "--web-dir"])
        .arg(&web_out)
        .arg("--dir")
        .arg(&dir))
}

/// The desktop build's webview, headless (see `examples/desktop_webview.rs`): WebKitGTK's simulated camera
/// feeding the login scanner, then no camera at all, then notifications reaching the desktop's
/// notification service on a private D-Bus session bus.
fn desktop_webview(target: &Path) -> anyhow::Result<()> {
    run(cargo().args([
        "build",
        "-p",
        "cvmobile",
        "--example",
        "desktop_webview",
        "--no-default-features",
        "--features",
        "desktop",
    ]))?;
    let check = target.join("debug/examples/desktop_webview");
    // The no-camera run needs a machine without one (a real camera would be opened instead).
    let has_camera = std::fs::read_dir("/dev")
        .map(|dir| {
            dir.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("video"))
        })
        .unwrap_or(false);
    let mut runs = vec![("1", "camera")];
    if has_camera {
        eprintln!(
            "desktop camera: this machine has a camera (/dev/video*): the no-camera run is skipped"
        );
    } else {
        runs.push(("0", "no-camera"));
    }
    let attempt = |mock: &str, arg: &str| {
        run(Command::new("xvfb-run")
            .arg("-a")
            .arg(&check)
            .arg(arg)
            .env("CVMOBILE_MOCK_CAMERA", mock)
            .env("LANG", "en_US.UTF-8")
            .env("LC_ALL", "en_US.UTF-8"))
    };
    for (mock, arg) in runs {
        // On a machine where GStreamer has never run, WebKitGTK's first media capture can fail while
        // GStreamer builds its plugin registry (seen twice, each time only on the first run of a fresh
        // machine). The registry is then there: one more run decides, and its failure is the verdict.
        if let Err(first) = attempt(mock, arg) {
            eprintln!("desktop camera: {arg} failed once ({first:#}); running it again now that GStreamer's registry exists");
            attempt(mock, arg)?;
        }
    }
    // Its own session bus, on which the check itself is the notification service.
    run(Command::new("dbus-run-session")
        .args(["--", "xvfb-run", "-a"])
        .arg(&check)
        .arg("notifications")
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8"))
}

/// One named step of `cargo xtask test`.
type Step = Box<dyn Fn() -> anyhow::Result<()>>;

fn test(root: &Path, browser: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    setup::all(root)?;
    let target = target_dir(root);
    let ios_target = target.clone();
    let mut steps: Vec<(&str, Step)> = vec![
        (
            "fmt",
            Box::new(|| run(cargo().args(["fmt", "--all", "--check"]))),
        ),
        (
            "clippy",
            Box::new(|| {
                run(cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))?;
                // The demo (cvsim inside cvlink) is a feature production builds leave out.
                run(cargo().args([
                    "clippy",
                    "-p",
                    "cvlink",
                    "--features",
                    "demo",
                    "--lib",
                    "--bins",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "clippy desktop",
            Box::new(|| {
                run(cargo().args([
                    "clippy",
                    "-p",
                    "cvmobile",
                    "--no-default-features",
                    "--features",
                    "desktop",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "tests",
            Box::new(|| run(cargo().args(["test", "--workspace"]))),
        ),
        (
            "android check",
            Box::new(|| {
                run(cargo().args([
                    "clippy",
                    "-p",
                    "cvmobile",
                    "--target",
                    "aarch64-linux-android",
                    "--no-default-features",
                    "--features",
                    "mobile",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "ios check",
            Box::new(move || {
                // No Apple SDK can be had here. The one C-family file in the iOS build (objc2's
                // `@try`/`@catch` helper, under Dioxus' webview) includes no header, so Debian's clang
                // compiles it against an empty SDK root; nothing is linked by clippy.
                let sdk = ios_target.join("no-apple-sdk");
                std::fs::create_dir_all(&sdk)?;
                run(cargo()
                    .args([
                        "clippy",
                        "-p",
                        "cvmobile",
                        "--target",
                        "aarch64-apple-ios",
                        "--no-default-features",
                        "--features",
                        "mobile",
                        "--",
                        "-D",
                        "warnings",
                    ])
                    .env("SDKROOT", &sdk))
            }),
        ),
    ];
    if browser {
        let target2 = target.clone();
        steps.push((
            "desktop webview",
            Box::new(move || desktop_webview(&target2)),
        ));
        let web_out = target.join("web-dist");
        let root2 = root.to_path_buf();
        steps.push(("web build", Box::new(move || web::build(&root2, &web_out))));
        let root3 = root.to_path_buf();
        let target3 = target.clone();
        steps.push((
            "browser tests",
            Box::new(move || {
                run(cargo().args([
                    "build",
                    "-p",
                    "cvlink",
                    "-p",
                    "cvm-scan",
                    "--bins",
                    "--features",
                    "cvlink/demo",
                ]))?;
                run(Command::new("node")
                    .args([
                        "--test",
                        "--test-concurrency=1",
                        "flows.test.mjs",
                        "camera.test.mjs",
                        "alarms.test.mjs",
                        "doors.test.mjs",
                        "credential.test.mjs",
                        "invitations.test.mjs",
                        "records.test.mjs",
                        "visitors.test.mjs",
                        "relay.test.mjs",
                        "pwa.test.mjs",
                        "layout.test.mjs",
                    ])
                    .current_dir(root3.join("tests/browser"))
                    .env("CVLINK_BIN", target3.join("debug/cvlink"))
                    .env("QRSCAN_BIN", target3.join("debug/qrscan"))
                    .env("CVMOBILE_WEB_DIR", target3.join("web-dist")))
            }),
        ));
    }
    let mut failed = Vec::new();
    let total = steps.len();
    for (name, step) in &steps {
        let t = Instant::now();
        eprintln!("\n=== {name} ===");
        match step() {
            Ok(()) => eprintln!("=== {name}: ok ({:.0} s)", t.elapsed().as_secs_f64()),
            Err(e) => {
                eprintln!("=== {name}: FAILED: {e:#}");
                failed.push(*name);
            }
        }
    }
    eprintln!(
        "\ncargo xtask test took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "xtask: {} passed, {} failed",
        total - failed.len(),
        failed.len()
    );
    if !failed.is_empty() {
        bail!("failed steps: {}", failed.join(", "));
    }
    Ok(())
}

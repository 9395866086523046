//! `qrbench`: generate the QR corpus and score the decoders on it (see the library).

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "qrbench",
    about = "QR decoding benchmark: cvm-scan vs rqrr, zbar, zxing-cpp"
)]
struct Args {
    /// Output directory for the corpus and results.md.
    #[arg(long, default_value = "target/qrbench")]
    out: PathBuf,
    /// Python interpreter with zxing-cpp, pyzbar and pillow.
    #[arg(long, default_value = "python3")]
    python: PathBuf,
    /// Also write the markdown report to this file.
    #[arg(long)]
    doc: Option<PathBuf>,
    /// Frames per distortion class.
    #[arg(long, default_value_t = 20)]
    per_class: usize,
    #[arg(long, default_value_t = 20_260_101)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    std::fs::create_dir_all(&a.out)?;
    qrbench::run(&qrbench::Config {
        out: a.out,
        python: a.python,
        doc: a.doc,
        per_class: a.per_class,
        seed: a.seed,
    })?;
    Ok(())
}

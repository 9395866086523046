//! `cargo xtask fuzz [INPUTS] [SEED]`: INPUTS mutated inputs in all (default 10,000,000), split over the
//! targets; prints a table and exits 1 with the offending input when any parser panics.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let total: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0xC5EC);
    let n = cvm_fuzz::targets().len() as u64;
    let outcomes = cvm_fuzz::run(total.div_ceil(n), seed);
    println!("| target | inputs | panics | inputs/s |");
    println!("|---|---:|---:|---:|");
    let mut failed = false;
    let mut sum = 0;
    for o in &outcomes {
        sum += o.inputs;
        println!(
            "| {} | {} | {} | {:.0} |",
            o.name,
            o.inputs,
            u8::from(o.panic.is_some()),
            o.inputs as f64 / o.seconds.max(1e-9)
        );
        if let Some((input, msg)) = &o.panic {
            failed = true;
            eprintln!(
                "{} panicked: {msg}\ninput (lossy): {}",
                o.name,
                String::from_utf8_lossy(input)
            );
        }
    }
    println!("\n{sum} inputs, seed {seed}");
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

//! `qrscan FILE...`: prints `FILE<TAB>payload` for each QR code found in each image, `FILE<TAB>-` where
//! there is none; unreadable files are reported on stderr and make the exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: qrscan FILE...");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for file in &files {
        let decoded = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| cvm_scan::decode_bytes(&bytes).map_err(|e| e.to_string()));
        match decoded {
            Ok(payloads) if payloads.is_empty() => println!("{file}\t-"),
            Ok(payloads) => {
                for p in payloads {
                    println!("{file}\t{p}");
                }
            }
            Err(e) => {
                eprintln!("qrscan: {file}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

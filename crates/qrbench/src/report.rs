//! Scoring and the markdown report: success per class × decoder, wrong payloads, time per 720p frame.

use std::fmt::Write as _;

use crate::corpus::{Frame, CLASSES};
use crate::decoders::Run;

/// How a decoder did on one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every expected payload decoded exactly, nothing else.
    Success,
    /// Something decoded that the frame does not hold (a misread).
    Wrong,
    /// Some expected payload missing, nothing wrong.
    Missed,
}

pub fn verdict(frame: &Frame, texts: &[String]) -> Verdict {
    if texts.iter().any(|t| !frame.expected.contains(t)) {
        Verdict::Wrong
    } else if frame.expected.iter().all(|e| texts.contains(e)) {
        Verdict::Success
    } else {
        Verdict::Missed
    }
}

fn verdict_of(run: &Run, frame: &Frame) -> Verdict {
    match run.outcomes.get(&frame.file) {
        Some(o) => verdict(frame, &o.texts),
        None => Verdict::Missed,
    }
}

/// The value at quantile `q` (0..=1) of the sorted values, nearest rank.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        return "–".into();
    }
    format!("{:.0} %", 100.0 * n as f64 / of as f64)
}

/// The results table (markdown) with one column per decoder.
pub fn table(frames: &[Frame], runs: &[Run]) -> String {
    let mut s = String::new();
    let _ = write!(s, "| class | frames |");
    for r in runs {
        let _ = write!(s, " {} |", r.name);
    }
    let _ = write!(s, "\n|---|--:|");
    for _ in runs {
        s.push_str("--:|");
    }
    s.push('\n');
    let row = |s: &mut String, label: &str, subset: &[&Frame]| {
        let _ = write!(s, "| {label} | {} |", subset.len());
        for r in runs {
            let ok = subset
                .iter()
                .filter(|f| verdict_of(r, f) == Verdict::Success)
                .count();
            let _ = write!(s, " {} |", pct(ok, subset.len()));
        }
        s.push('\n');
    };
    for class in CLASSES {
        let subset: Vec<&Frame> = frames.iter().filter(|f| f.class == *class).collect();
        row(&mut s, class, &subset);
    }
    let all: Vec<&Frame> = frames.iter().collect();
    row(&mut s, "**overall**", &all);
    let _ = write!(s, "| wrong payloads (frames) | |");
    for r in runs {
        let wrong = frames
            .iter()
            .filter(|f| verdict_of(r, f) == Verdict::Wrong)
            .count();
        let _ = write!(s, " {wrong} |");
    }
    s.push('\n');
    let hd: Vec<&Frame> = frames.iter().filter(|f| f.width == 1280).collect();
    for (label, q) in [("median", 0.5), ("p90", 0.9), ("max", 1.0)] {
        let _ = write!(s, "| {label} ms per 720p frame | {} |", hd.len());
        for r in runs {
            let mut ms: Vec<f64> = hd
                .iter()
                .filter_map(|f| r.outcomes.get(&f.file).map(|o| o.ms))
                .collect();
            ms.sort_by(f64::total_cmp);
            let star = if r.per_frame_time { "" } else { "\\*" };
            let _ = write!(s, " {:.1}{star} |", quantile(&ms, q));
        }
        s.push('\n');
    }
    s
}

/// Median and max ms per 720p frame, per class × decoder: which distortions make a decoder slow.
pub fn time_table(frames: &[Frame], runs: &[Run]) -> String {
    let mut s = String::from("| class (720p) |");
    for r in runs {
        let _ = write!(s, " {} median / max ms |", r.name);
    }
    s.push_str("\n|---|");
    for _ in runs {
        s.push_str("--:|");
    }
    s.push('\n');
    for class in CLASSES {
        let _ = write!(s, "| {class} |");
        for r in runs {
            let mut ms: Vec<f64> = frames
                .iter()
                .filter(|f| f.class == *class && f.width == 1280)
                .filter_map(|f| r.outcomes.get(&f.file).map(|o| o.ms))
                .collect();
            ms.sort_by(f64::total_cmp);
            if ms.is_empty() {
                // A class of cropped frames has no 720p ones.
                s.push_str(" – |");
                continue;
            }
            let _ = write!(
                s,
                " {:.1} / {:.1} |",
                quantile(&ms, 0.5),
                quantile(&ms, 1.0)
            );
        }
        s.push('\n');
    }
    s
}

/// The `n` frames a decoder took longest on, with whether it decoded them.
pub fn slowest(frames: &[Frame], run: &Run, n: usize) -> String {
    let mut timed: Vec<(&Frame, f64, Verdict)> = frames
        .iter()
        .filter_map(|f| {
            run.outcomes
                .get(&f.file)
                .map(|o| (f, o.ms, verdict(f, &o.texts)))
        })
        .collect();
    timed.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut s = String::new();
    for (f, ms, v) in timed.into_iter().take(n) {
        let _ = writeln!(
            s,
            "- `{}` ({}×{}, {:.1} px/module): {ms:.0} ms, {v:?}",
            f.file, f.width, f.height, f.module_px
        );
    }
    s
}

/// Frames that `ours` misses and `other` decodes: where the decoder work is.
pub fn misses(frames: &[Frame], ours: &Run, other: &Run) -> String {
    let mut s = String::new();
    for f in frames {
        let (a, b) = (verdict_of(ours, f), verdict_of(other, f));
        if a != Verdict::Success && b == Verdict::Success {
            let found = ours.outcomes.get(&f.file).map_or(0, |o| {
                f.expected.iter().filter(|e| o.texts.contains(e)).count()
            });
            let _ = writeln!(
                s,
                "- `{}` ({}×{}, {:.1} px/module): {} {a:?}, {found} of {} payloads",
                f.file,
                f.width,
                f.height,
                f.module_px,
                ours.name,
                f.expected.len()
            );
        }
    }
    if s.is_empty() {
        s.push_str("- none\n");
    }
    s
}

/// The camera path's table: how soon the app's scanner reads a steady 720p frame, and what each camera
/// frame costs.
pub fn camera_table(path: &crate::decoders::CameraPath) -> String {
    let total = path.needed.len();
    let first = path.needed.iter().filter(|n| **n == Some(1)).count();
    let second = path
        .needed
        .iter()
        .filter(|n| matches!(n, Some(1 | 2)))
        .count();
    let within = path.needed.iter().filter(|n| n.is_some()).count();
    let mut ms = path.frame_ms.clone();
    ms.sort_by(f64::total_cmp);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| camera path (cvm-scan `FrameScanner`, 720p) | |\n|---|--:|"
    );
    let _ = writeln!(s, "| frames | {total} |");
    let _ = writeln!(
        s,
        "| read on the first camera frame | {} |",
        pct(first, total)
    );
    let _ = writeln!(
        s,
        "| read within 2 camera frames | {} |",
        pct(second, total)
    );
    let _ = writeln!(
        s,
        "| read within {} camera frames (one round of retries) | {} |",
        crate::decoders::CAMERA_FRAMES,
        pct(within, total)
    );
    let _ = writeln!(
        s,
        "| ms per camera frame: median / p90 / max | {:.1} / {:.1} / {:.1} |",
        quantile(&ms, 0.5),
        quantile(&ms, 0.9),
        quantile(&ms, 1.0)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(expected: &[&str]) -> Frame {
        Frame {
            class: "clean".into(),
            file: "clean/000.png".into(),
            width: 1280,
            height: 720,
            module_px: 4.0,
            expected: expected.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn all_payloads_and_nothing_else_is_a_success() {
        let f = frame(&["a", "b"]);
        let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(verdict(&f, &texts(&["b", "a"])), Verdict::Success);
        assert_eq!(verdict(&f, &texts(&["a"])), Verdict::Missed);
        assert_eq!(verdict(&f, &texts(&["a", "b", "c"])), Verdict::Wrong);
        assert_eq!(verdict(&f, &[]), Verdict::Missed);
    }

    #[test]
    fn quantiles_use_nearest_rank() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(quantile(&v, 0.5), 5.0);
        assert_eq!(quantile(&v, 0.9), 9.0);
        assert_eq!(quantile(&v, 1.0), 10.0);
        assert!(quantile(&[], 0.5).is_nan());
    }
}

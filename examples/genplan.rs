//! Writes a valid generated plan to standard output.
//!
//! ```text
//! cargo run --release --example genplan -- --hours 24 --cues 4800 --skus 2000 > /tmp/p24.toml
//! cargo run --release --example genplan -- --hours 6 --seed 7 > /tmp/p6.toml
//! ```
//!
//! Without `--cues` and `--skus` the benchmark scale for `--hours` is used
//! (200 cues and about 83 products an hour). The same arguments always give
//! the same file.

#[path = "../benches/support/genplan.rs"]
mod genplan;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: genplan [--hours N] [--cues N] [--skus N] [--seed N]   (plan on standard output)";

fn main() -> ExitCode {
    let mut hours = 24u32;
    let (mut cues, mut skus, mut seed) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        let Some(value) = args.next().and_then(|v| v.parse::<u64>().ok()) else {
            eprintln!("genplan: {flag} wants a whole number\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--hours" => hours = value.clamp(1, 240) as u32,
            "--cues" => cues = Some(value as usize),
            "--skus" => skus = Some(value as usize),
            "--seed" => seed = Some(value),
            _ => {
                eprintln!("genplan: unknown option {flag}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let base = genplan::Spec::for_hours(hours);
    let spec = genplan::Spec {
        hours,
        cues: cues.unwrap_or(base.cues),
        skus: skus.unwrap_or(base.skus),
        seed: seed.unwrap_or(base.seed),
    };
    if spec.clamped() != spec {
        let c = spec.clamped();
        eprintln!(
            "genplan: adjusted to --cues {} --skus {} (at least 1 each, at most one cue per 2 seconds)",
            c.cues, c.skus
        );
    }
    let text = genplan::generate(spec);
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

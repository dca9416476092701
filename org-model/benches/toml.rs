//! Reading layouts from TOML: the scaled landing zones of 10 to 5,000 accounts (see
//! `tests/support/scaled.rs`) written with `Layout::to_toml`, read back; the same file with an
//! error near its end (a policy whose JSON text has a misspelt `Effect`, located inside the
//! string, which re-reads the file to locate it); and a key of 10,000 dotted parts.
//!
//! Run with `cargo bench -p org-model --bench toml`. Reading must grow linearly with the file;
//! an error costs at most a second reading of the file.

#[path = "../tests/support/scaled.rs"]
mod scaled;

use std::hint::black_box;
use std::time::{Duration, Instant};

use org_model::Layout;

const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

/// The median of `rounds` runs of `work`.
fn measure(rounds: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// A role with a customer policy whose JSON text misspells `Allow`, appended to `text`.
fn with_policy_error(text: &str) -> String {
    format!(
        "{text}\n[[role]]\nname = \"broken\"\n\n[[role.permissions]]\ncustomer = \"broken\"\n\
         policy = '{{\"Version\": \"2012-10-17\", \"Statement\": {{\"Effect\": \"Alow\", \
         \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}'\n"
    )
}

fn main() {
    println!(
        "{:>8} {:>10} {:>10} {:>12} {:>8}",
        "accounts", "bytes", "read ms", "error ms", "error/read"
    );
    let mut rows: Vec<(usize, Duration, Duration)> = Vec::new();
    for accounts in SIZES {
        let (_, layout) = scaled::layout(accounts);
        let text = layout.to_toml().expect("writes as TOML");
        assert_eq!(Layout::from_toml(&text).ok().as_ref(), Some(&layout));
        let broken = with_policy_error(&text);
        assert!(Layout::from_toml(&broken).is_err());
        let rounds = if accounts <= 100 { 21 } else { 5 };
        let read = measure(rounds, || {
            black_box(Layout::from_toml(black_box(&text)).ok());
        });
        let error = measure(rounds, || {
            black_box(Layout::from_toml(black_box(&broken)).err());
        });
        println!(
            "{:>8} {:>10} {:>10.2} {:>12.2} {:>8.2}",
            accounts,
            text.len(),
            millis(read),
            millis(error),
            error.as_secs_f64() / read.as_secs_f64()
        );
        rows.push((accounts, read, error));
    }
    println!("\ngrowth (exponent = log(time ratio) / log(size ratio): 1 is linear)");
    for pair in rows.windows(2) {
        let ((small, small_read, small_error), (large, large_read, large_error)) =
            (pair[0], pair[1]);
        let size = (large as f64 / small as f64).ln();
        let exponent = |large: Duration, small: Duration| {
            (large.as_secs_f64() / small.as_secs_f64()).ln() / size
        };
        println!(
            "{small:>6} → {large:<6} read n^{:.2}, error n^{:.2}",
            exponent(large_read, small_read),
            exponent(large_error, small_error)
        );
    }
    let key = vec!["a"; 10_000].join(".");
    let deep = format!("{key} = 1\n");
    let time = measure(21, || {
        black_box(Layout::from_toml(black_box(&deep)).err());
    });
    println!(
        "\na key of 10,000 dotted parts ({} bytes): {:.2} ms to report at the key",
        deep.len(),
        millis(time)
    );
}

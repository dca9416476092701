//! Checks, rendering and reachability over scaled landing zones of 10, 100, 1,000 and 5,000
//! accounts (five users per account, one team group per 20 accounts; see
//! `tests/support/scaled.rs`), with the growth between sizes.
//!
//! Run with `cargo bench -p org-model --bench layout` (`LAYOUT_BENCH_SIZES=1000,5000` picks the
//! sizes, e.g. to profile one). Target: 1,000 accounts under 1 s in
//! total, growth no worse than n log n: an exponent (log of the time ratio over log of the size
//! ratio) near 1 is linear, 2 is quadratic.

#[path = "../tests/support/scaled.rs"]
mod scaled;

use std::hint::black_box;
use std::time::{Duration, Instant};

use org_model::reachability::{access_matrix_from_paths, access_paths, production_counterexamples};
use org_model::{Layout, checks, render};

const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];
/// The access matrix is users × accounts cells by definition (125 million at 5,000 accounts):
/// measured up to this size only.
const MATRIX_UP_TO: usize = 1_000;

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

fn rounds_for(accounts: usize) -> usize {
    match accounts {
        0..=100 => 21,
        101..=1_000 => 5,
        _ => 3,
    }
}

struct Row {
    accounts: usize,
    paths: usize,
    times: Vec<(&'static str, Option<Duration>)>,
}

fn run(accounts: usize, layout: &Layout) -> Row {
    let rounds = rounds_for(accounts);
    let check = measure(rounds, || {
        black_box(checks::check(black_box(layout)));
    });
    let render = measure(rounds, || {
        black_box(render::render(black_box(layout)).ok());
    });
    let reachability = measure(rounds, || {
        let paths = access_paths(black_box(layout));
        black_box(production_counterexamples(&paths));
    });
    let matrix = (accounts <= MATRIX_UP_TO).then(|| {
        let paths = access_paths(layout);
        measure(rounds, || {
            black_box(access_matrix_from_paths(layout, &paths));
        })
    });
    Row {
        accounts,
        paths: access_paths(layout).len(),
        times: vec![
            ("check", Some(check)),
            ("render", Some(render)),
            ("reachability", Some(reachability)),
            ("total", Some(check + render + reachability)),
            ("matrix", matrix),
        ],
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    println!(
        "{:>8} {:>8} {:>9} {:>12} {:>12} {:>14} {:>12} {:>12}",
        "accounts",
        "users",
        "paths",
        "check ms",
        "render ms",
        "reachability",
        "total ms",
        "matrix ms"
    );
    let sizes: Vec<usize> = std::env::var("LAYOUT_BENCH_SIZES").map_or_else(
        |_| SIZES.to_vec(),
        |sizes| {
            sizes
                .split(',')
                .filter_map(|size| size.trim().parse().ok())
                .collect()
        },
    );
    let mut rows = Vec::new();
    for accounts in sizes {
        let (shape, layout) = scaled::layout(accounts);
        let files = render::render(&layout).map_or(0, |rendered| rendered.files().len());
        let row = run(accounts, &layout);
        let cell = |index: usize| {
            row.times[index]
                .1
                .map_or_else(|| "-".to_owned(), |time| format!("{:.2}", millis(time)))
        };
        println!(
            "{:>8} {:>8} {:>9} {:>12} {:>12} {:>14} {:>12} {:>12}   ({} files rendered)",
            accounts,
            shape.users,
            row.paths,
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            cell(4),
            files
        );
        rows.push(row);
    }

    println!(
        "\ngrowth: time ratio (exponent = log(time ratio) / log(size ratio): 1 is linear, n log n \
         is about 1.1, 2 is quadratic; ratio per 10× = 10^exponent)"
    );
    for pair in rows.windows(2) {
        let (small, large) = (&pair[0], &pair[1]);
        let size_ratio = large.accounts as f64 / small.accounts as f64;
        let paths_ratio = large.paths as f64 / small.paths.max(1) as f64;
        println!(
            "{:>6} → {:<6} (accounts ×{size_ratio:.0}, paths ×{paths_ratio:.1})",
            small.accounts, large.accounts
        );
        for (index, (name, time)) in large.times.iter().enumerate() {
            if let (Some(large_time), Some(small_time)) = (time, small.times[index].1) {
                let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
                let exponent = ratio.ln() / size_ratio.ln();
                println!(
                    "    {name:<13} ×{ratio:<7.1} n^{exponent:.2}   ×{:.1} per 10×",
                    10_f64.powf(exponent)
                );
            }
        }
    }
    if let Some(row) = rows.iter().find(|row| row.accounts == 1_000)
        && let Some((_, Some(total))) = row.times.iter().find(|(name, _)| *name == "total")
    {
        let verdict = if total.as_secs_f64() < 1.0 {
            "meets"
        } else {
            "MISSES"
        };
        println!(
            "\n1,000 accounts: {:.1} ms in total, {verdict} the 1 s target",
            millis(*total)
        );
    }
}

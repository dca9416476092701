//! Checks, rendering and access (paths and the production rule) over scaled landing zones,
//! with the growth exponent between sizes: log(t2/t1) / log(n2/n1), 1 for linear, about 1.1
//! for n log n, 2 for quadratic.
//!
//! Two series (see `tests/support/scaled.rs`):
//!
//! * `zone`: 10, 100, 1,000 and 5,000 accounts, five users per account, one grant per team and
//!   role; target: 1,000 accounts under 1 s in total.
//! * `wide`: 10,000, 20,000, 40,000 and 80,000 accounts with one grant per workload account and
//!   role (grants grow with the accounts: 96,000 at 80,000 accounts) and one user per five
//!   accounts; policies stay small (one managed policy per role), so the numbers measure the
//!   layout passes, not policy validation.
//!
//! Each time is the fastest of several rounds (wall time). On a machine shared with other
//! work, wall times swing between runs (a larger size can even come out faster); the instruction
//! counts of one pass are steady, e.g. `valgrind --tool=callgrind` on this benchmark's binary
//! with `LAYOUT_BENCH=wide LAYOUT_BENCH_SIZES=10000` and then `40000`.
//!
//! Run with `cargo bench -p org-model --bench layout`; `LAYOUT_BENCH=zone` or `wide` runs one
//! series, `LAYOUT_BENCH_SIZES=1000,5000` picks its sizes (e.g. to profile one). The access
//! matrix is users × accounts cells by definition (quadratic in its output), so it is measured
//! up to 1,000 accounts only.
//!
//! Access is decided by the policy evaluator (`org_model::access`): `access` is every path and
//! the production rule; `effective` is the whole effective-access matrix from the layout alone
//! (build every policy once, evaluate every path, write the matrix; target: 1,000 accounts under
//! 2 s); `can` is one `jumpgate can` question on a workload account (index built once, then
//! every path of the question evaluated with its explanation). `proofs` is the guardrail proofs
//! (ORG082-ORG084) of the layout with the seed guardrail set.

#[path = "../tests/support/scaled.rs"]
mod scaled;

use std::hint::black_box;
use std::time::{Duration, Instant};

use org_model::access::{EffectiveAccess, Question, Subject};
use org_model::guardrails::{GuardrailSettings, prove};
use org_model::reachability::{
    access_matrix_from_paths, access_paths, access_paths_in, production_rule_in,
};
use org_model::{Layout, checks, render};

const ZONE_SIZES: [usize; 4] = [10, 100, 1_000, 5_000];
const WIDE_SIZES: [usize; 4] = [10_000, 20_000, 40_000, 80_000];
/// The access matrix is users × accounts cells by definition (125 million at 5,000 accounts):
/// measured up to this size only.
const MATRIX_UP_TO: usize = 1_000;

/// The fastest of `rounds` runs of `work` (wall time): on a shared machine, other processes
/// only ever add time, so the minimum is the steadiest estimate.
fn measure(rounds: usize, mut work: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
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
    // `jumpgate access` without printing: the policies built once, every path, and the
    // production rule's verdict.
    let access = measure(rounds, || {
        let index = EffectiveAccess::new(black_box(layout));
        black_box(access_paths_in(&index));
        black_box(production_rule_in(&index).verdict());
    });
    let matrix = (accounts <= MATRIX_UP_TO).then(|| {
        let paths = access_paths(layout);
        measure(rounds, || {
            black_box(access_matrix_from_paths(layout, &paths));
        })
    });
    // The whole effective-access matrix from the layout: index, every path evaluated, matrix.
    let effective = (accounts <= MATRIX_UP_TO).then(|| {
        measure(rounds, || {
            let access = EffectiveAccess::new(black_box(layout));
            let paths = access_paths_in(&access);
            black_box(access_matrix_from_paths(layout, &paths));
        })
    });
    // One question: the first user, on their team's first production account (read-only and
    // deploy there: ReadOnlyAccess and PowerUserAccess), an action their roles allow.
    let account = layout
        .accounts
        .iter()
        .find(|account| account.purpose.is_production())
        .map_or("", |account| account.name.as_str());
    let question = Question::new(
        Subject::User(layout.users[0].name.clone()),
        "s3:GetObject",
        "arn:aws:s3:::bucket/key",
        account,
    );
    let index = EffectiveAccess::new(layout);
    if let Err(error) = index.ask(&question) {
        panic!("the benchmark's question is answered: {error}");
    }
    let can = measure(rounds, || {
        black_box(index.ask(black_box(&question)).ok());
    });
    // The guardrail proofs (ORG082-ORG084) of the layout with the seed guardrail set.
    let mut guarded = layout.clone();
    guarded.guardrails = Some(GuardrailSettings::new());
    match prove(&guarded) {
        Ok(Some(proofs))
            if proofs
                .proofs
                .iter()
                .all(org_model::guardrails::Proof::holds) => {}
        Ok(Some(proofs)) => panic!(
            "the benchmark's guardrail proofs hold: {:?}",
            proofs
                .proofs
                .iter()
                .map(org_model::guardrails::Proof::summary)
                .collect::<Vec<_>>()
        ),
        other => panic!("the benchmark's layout has guardrails: {other:?}"),
    }
    let proofs = measure(rounds, || {
        black_box(prove(black_box(&guarded)).ok());
    });
    Row {
        accounts,
        times: vec![
            ("check", Some(check)),
            ("render", Some(render)),
            ("access", Some(access)),
            ("total", Some(check + render + access)),
            ("matrix", matrix),
            ("effective", effective),
            ("can", Some(can)),
            ("proofs", Some(proofs)),
        ],
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn series(name: &str, sizes: &[usize], build: fn(usize) -> (scaled::Shape, Layout)) {
    println!("\n{name}");
    println!(
        "{:>8} {:>8} {:>8} {:>9} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "accounts",
        "grants",
        "users",
        "paths",
        "check ms",
        "render ms",
        "access ms",
        "total ms",
        "matrix ms",
        "effective ms",
        "can ms",
        "proofs ms"
    );
    let mut rows = Vec::new();
    for &accounts in sizes {
        let (shape, layout) = build(accounts);
        let paths = access_paths(&layout).len();
        let findings = checks::check(&layout).findings.len();
        let files = render::render(&layout).map_or(0, |rendered| rendered.files().len());
        let row = run(accounts, &layout);
        let cell = |index: usize| {
            row.times[index]
                .1
                .map_or_else(|| "-".to_owned(), |time| format!("{:.2}", millis(time)))
        };
        println!(
            "{:>8} {:>8} {:>8} {:>9} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}   ({files} files, {findings} findings)",
            accounts,
            layout.grants.len(),
            shape.users,
            paths,
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            cell(4),
            cell(5),
            cell(6),
            cell(7),
        );
        rows.push(row);
    }

    println!("growth exponent = log(t2/t1) / log(n2/n1): 1 is linear, 2 is quadratic");
    for pair in rows.windows(2) {
        let (small, large) = (&pair[0], &pair[1]);
        let size_ratio = large.accounts as f64 / small.accounts as f64;
        let mut line = format!("{:>6} → {:<6}", small.accounts, large.accounts);
        for (index, (name, time)) in large.times.iter().enumerate() {
            if let (Some(large_time), Some(small_time)) = (time, small.times[index].1) {
                let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
                line.push_str(&format!(
                    "   {name} ×{ratio:.2} n^{:.2}",
                    ratio.ln() / size_ratio.ln()
                ));
            }
        }
        println!("{line}");
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
            "1,000 accounts: {:.1} ms in total, {verdict} the 1 s target",
            millis(*total)
        );
    }
    if let Some(row) = rows.iter().find(|row| row.accounts == 1_000)
        && let Some((_, Some(effective))) = row.times.iter().find(|(name, _)| *name == "effective")
    {
        let verdict = if effective.as_secs_f64() < 2.0 {
            "meets"
        } else {
            "MISSES"
        };
        println!(
            "1,000 accounts: the whole effective-access matrix in {:.1} ms, {verdict} the 2 s target",
            millis(*effective)
        );
    }
}

fn main() {
    let which = std::env::var("LAYOUT_BENCH").unwrap_or_default();
    let sizes = |default: &[usize]| -> Vec<usize> {
        std::env::var("LAYOUT_BENCH_SIZES").map_or_else(
            |_| default.to_vec(),
            |sizes| {
                sizes
                    .split(',')
                    .filter_map(|size| size.trim().parse().ok())
                    .collect()
            },
        )
    };
    if which.is_empty() || which == "zone" {
        series(
            "zone: five users per account, one grant per team and role",
            &sizes(&ZONE_SIZES),
            scaled::layout,
        );
    }
    if which.is_empty() || which == "wide" {
        series(
            "wide: one grant per account and role, one user per five accounts",
            &sizes(&WIDE_SIZES),
            scaled::wide,
        );
    }
}

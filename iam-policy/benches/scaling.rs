//! How time and memory grow with the size of a policy: every stage (parse, serde, serialize,
//! canonical form, size, validation) on documents of growing size, timed in CPU time,
//! reporting the growth exponent `log(t2/t1) / log(n2/n1)` between sizes (1 is linear, 2
//! quadratic), its least-squares fit over all sizes, and, in a fresh child process per document,
//! the peak resident memory of parse + validate.
//!
//! `cargo bench -p iam-policy --bench scaling` runs every shape; arguments filter shapes by
//! name (`cargo bench -p iam-policy --bench scaling -- statements keys`).

use std::fmt::Write as _;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use iam_policy::Policy;
use iam_policy::size::{SizeRule, policy_size};
use iam_policy::validate::{Options, PolicyKind, validate_text};

/// In the child process that measures memory: `SHAPE:N`.
const MEMORY_ENV: &str = "IAM_POLICY_BENCH_MEMORY";

/// Past this time for one run, larger sizes of that stage are skipped (a quadratic stage would
/// take minutes).
const BUDGET: Duration = Duration::from_secs(8);

/// A family of documents of growing size.
struct Shape {
    name: &'static str,
    /// What `n` counts.
    unit: &'static str,
    sizes: &'static [usize],
    kind: PolicyKind,
    document: fn(usize) -> String,
}

const SIZES: &[usize] = &[10_000, 20_000, 40_000, 80_000];

fn statement(index: usize) -> String {
    format!(
        r#"{{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket{index}/*"}}"#
    )
}

fn policy_of(statements: impl Iterator<Item = String>, separator: &str) -> String {
    let mut text = String::from(r#"{"Version": "2012-10-17", "Statement": ["#);
    for (index, statement) in statements.enumerate() {
        if index > 0 {
            text.push(',');
            text.push_str(separator);
        }
        text.push_str(&statement);
    }
    text.push_str("]}");
    text
}

/// One statement whose condition block holds `keys`.
fn condition_policy(operator: &str, keys: impl Iterator<Item = String>) -> String {
    let mut block = String::new();
    for (index, key) in keys.enumerate() {
        if index > 0 {
            block.push_str(",\n");
        }
        let _ = write!(block, r#""{key}": "v{index}""#);
    }
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"{operator}": {{{block}}}}}}}]}}"#
    )
}

/// The `index`-th spelling of `aws:principaltag/teamname` in another ASCII case.
fn case_variant(index: usize) -> String {
    "aws:principaltag/teamnamesx"
        .chars()
        .scan(index, |bits, character| {
            let upper = character.is_ascii_lowercase() && *bits & 1 == 1;
            if character.is_ascii_lowercase() {
                *bits >>= 1;
            }
            Some(if upper {
                character.to_ascii_uppercase()
            } else {
                character
            })
        })
        .collect()
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "statements",
            unit: "distinct statements, one per line",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| policy_of((0..n).map(statement), "\n"),
        },
        Shape {
            name: "sids",
            unit: "statements with distinct Sids",
            sizes: SIZES,
            kind: PolicyKind::ServiceControl,
            document: |n| {
                policy_of(
                    (0..n).map(|index| {
                        format!(
                            r#"{{"Sid": "Deny{index}", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::bucket{index}"}}"#
                        )
                    }),
                    "\n",
                )
            },
        },
        Shape {
            name: "same-statements",
            unit: "copies of one statement (each a finding)",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| policy_of((0..n).map(|_| statement(7)), "\n"),
        },
        Shape {
            name: "long-line",
            unit: "statements on one non-ASCII line, each with a finding",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                policy_of(
                    (0..n).map(|index| {
                        format!(
                            r#"{{"Sid": "é-{index}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket{index}"}}"#
                        )
                    }),
                    " ",
                )
            },
        },
        Shape {
            name: "keys",
            unit: "condition keys in one block",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                condition_policy(
                    "StringEquals",
                    (0..n).map(|index| format!("aws:PrincipalTag/team{index}")),
                )
            },
        },
        Shape {
            name: "bad-keys",
            unit: "malformed condition keys in one block (each a finding)",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| condition_policy("StringEquals", (0..n).map(|index| format!("k{index}"))),
        },
        Shape {
            name: "case-keys",
            unit: "condition keys differing only in case (each a finding)",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| condition_policy("StringEquals", (0..n).map(case_variant)),
        },
        Shape {
            name: "object-keys",
            unit: "keys of an object the policy does not know (an error)",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                let mut members = String::new();
                for index in 0..n {
                    if index > 0 {
                        members.push(',');
                    }
                    let _ = write!(members, r#""k{index}": {index}"#);
                }
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}], "Extra": {{{members}}}}}"#
                )
            },
        },
        Shape {
            name: "actions",
            unit: "wildcard actions in one statement",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                let actions: Vec<String> = (0..n)
                    .map(|index| format!("\"ec2:Describe{index:06}*\""))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Resource": "*", "Action": [{}]}}]}}"#,
                    actions.join(", ")
                )
            },
        },
        Shape {
            name: "resources",
            unit: "resource ARNs in one statement",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                let resources: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:s3:::bucket{index}/*\""))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}]}}"#,
                    resources.join(",\n")
                )
            },
        },
        Shape {
            name: "principals",
            unit: "principal ARNs in one resource policy statement",
            sizes: SIZES,
            kind: PolicyKind::Resource {
                resource_type: None,
            },
            document: |n| {
                let principals: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:iam::{:012}:root\"", 100_000_000_000 + index))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}]}}"#,
                    principals.join(",\n")
                )
            },
        },
        Shape {
            name: "wildcards-one-start",
            unit: "wildcard resources sharing a literal start",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                let resources: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:s3:::b*{index:06}\""))
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": [{}]}}]}}"#,
                    resources.join(",\n")
                )
            },
        },
        Shape {
            name: "actions-x-arns",
            unit: "`s3:*` entries and as many DynamoDB ARNs in one statement",
            sizes: &[2_500, 5_000, 10_000, 20_000],
            kind: PolicyKind::Identity,
            document: |n| {
                let actions = vec!["\"s3:*\""; n].join(", ");
                let resources: Vec<String> = (0..n)
                    .map(|index| {
                        format!("\"arn:aws:dynamodb:us-east-1:111122223333:table/t{index}\"")
                    })
                    .collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{actions}], "Resource": [{}]}}]}}"#,
                    resources.join(",\n")
                )
            },
        },
        Shape {
            name: "trust-principals",
            unit: "principals and as many actions that do not fit them, in one trust statement",
            sizes: SIZES,
            kind: PolicyKind::Trust,
            document: |n| {
                let principals: Vec<String> = (0..n)
                    .map(|index| format!("\"arn:aws:iam::{:012}:root\"", 100_000_000_000 + index))
                    .collect();
                let actions = vec!["\"sts:TagSession\""; n].join(", ");
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": [{actions}]}}]}}"#,
                    principals.join(",\n")
                )
            },
        },
        Shape {
            name: "values",
            unit: "numeric condition values of one key",
            sizes: SIZES,
            kind: PolicyKind::Identity,
            document: |n| {
                let values: Vec<String> = (0..n).map(|index| format!("{index}.50")).collect();
                format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {{"NumericEquals": {{"s3:max-keys": [{}]}}}}}}]}}"#,
                    values.join(", ")
                )
            },
        },
    ]
}

/// One stage of the pipeline, run on a document's text.
struct Stage {
    name: &'static str,
    run: fn(&str, &PolicyKind),
}

fn stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "from_json",
            run: |text, _| {
                black_box(Policy::from_json(text).ok());
            },
        },
        Stage {
            name: "serde from_str",
            run: |text, _| {
                black_box(serde_json::from_str::<Policy>(text).ok());
            },
        },
        Stage {
            name: "to_string_pretty",
            run: |text, _| {
                if let Ok(policy) = Policy::from_json(text) {
                    black_box(serde_json::to_string_pretty(&policy).ok());
                }
            },
        },
        Stage {
            name: "to_canonical",
            run: |text, _| {
                if let Ok(policy) = Policy::from_json(text) {
                    black_box(policy.to_canonical());
                }
            },
        },
        Stage {
            name: "policy_size",
            run: |text, _| {
                if let Ok(policy) = Policy::from_json(text) {
                    black_box(policy_size(&policy, SizeRule::IgnoreWhitespace));
                }
            },
        },
        Stage {
            name: "validate_text",
            run: |text, kind| {
                black_box(validate_text(text, kind, &Options::default()));
            },
        },
    ]
}

/// The CPU time this thread has used: unlike the wall clock, it does not count the time other
/// processes on a busy machine take. The wall clock where the CPU time is not available.
fn cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes one `timespec` through the valid pointer it is given.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    if status == 0 {
        Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
    } else {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

/// The least CPU time of at least 5 runs and 0.5 s (at most 40 runs), or of 2 when a run is
/// slow: the least disturbed by other work on the machine.
fn time(run: impl Fn()) -> Duration {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    for round in 0..40 {
        let start = cpu_time();
        run();
        let elapsed = cpu_time().saturating_sub(start);
        best = best.min(elapsed);
        total += elapsed;
        let enough = round >= 4 && total > Duration::from_millis(500);
        if enough || elapsed > Duration::from_secs(1) && round >= 1 || elapsed > BUDGET {
            break;
        }
    }
    best
}

fn exponent(n1: usize, t1: Duration, n2: usize, t2: Duration) -> f64 {
    (t2.as_secs_f64() / t1.as_secs_f64()).ln() / (n2 as f64 / n1 as f64).ln()
}

/// The slope of log(time) over log(n) by least squares: the growth exponent over all sizes.
fn fitted_exponent(points: &[(usize, Duration)]) -> f64 {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .map(|(n, t)| ((*n as f64).ln(), t.as_secs_f64().ln()))
        .collect();
    let count = logs.len() as f64;
    let mean_x = logs.iter().map(|(x, _)| x).sum::<f64>() / count;
    let mean_y = logs.iter().map(|(_, y)| y).sum::<f64>() / count;
    let covariance: f64 = logs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let variance: f64 = logs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    covariance / variance
}

/// A memory figure of this process from `/proc/self/status` (`VmHWM`: the peak resident
/// memory; `VmRSS`: the current), in bytes (Linux; `None` elsewhere).
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// In a child process: generate one document, then parse and validate it, and print
/// `input_bytes resident_before peak_after` (the peak is reset after generating the document,
/// when Linux allows it, so that it is the peak of the validation).
fn measure_memory_child(spec: &str) {
    let Some((name, n)) = spec.split_once(':') else {
        return;
    };
    let Some(shape) = shapes().into_iter().find(|shape| shape.name == name) else {
        return;
    };
    let n: usize = n.parse().unwrap_or(0);
    let text = (shape.document)(n);
    // Resets `VmHWM` to the current resident memory.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = memory("VmRSS:").unwrap_or(0);
    let report = validate_text(&text, &shape.kind, &Options::default());
    let after = memory("VmHWM:").unwrap_or(0);
    black_box(report);
    println!("{} {before} {after}", text.len());
}

/// Runs this executable again to measure one document's memory.
fn measure_memory(shape: &Shape, n: usize) -> Option<(u64, u64, u64)> {
    let executable = std::env::current_exe().ok()?;
    let output = Command::new(executable)
        .env(MEMORY_ENV, format!("{}:{n}", shape.name))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(|word| word.parse::<u64>().ok());
    Some((numbers.next()??, numbers.next()??, numbers.next()??))
}

fn main() {
    if let Ok(spec) = std::env::var(MEMORY_ENV) {
        measure_memory_child(&spec);
        return;
    }
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|argument| !argument.starts_with('-'))
        .collect();
    let stages = stages();
    let mut worst: Vec<(String, f64)> = Vec::new();
    for shape in shapes() {
        if !filters.is_empty() && !filters.iter().any(|filter| shape.name.contains(filter)) {
            continue;
        }
        println!(
            "\n== {} (n = {}, kind {})",
            shape.name,
            shape.unit,
            shape.kind.name()
        );
        let documents: Vec<(usize, String)> = shape
            .sizes
            .iter()
            .map(|&n| (n, (shape.document)(n)))
            .collect();
        let sizes: Vec<String> = documents
            .iter()
            .map(|(n, text)| format!("{n}: {:.1} MB", text.len() as f64 / 1e6))
            .collect();
        println!("   documents {}", sizes.join(", "));
        // The largest size that validation finished within the budget (memory is measured up to it).
        let mut validated = 0;
        for stage in &stages {
            let mut line = format!("   {:<17}", stage.name);
            let mut points: Vec<(usize, Duration)> = Vec::new();
            let mut over_budget = false;
            for (n, text) in &documents {
                let elapsed = time(|| (stage.run)(text, &shape.kind));
                let _ = write!(line, " {elapsed:>9.1?}");
                if let Some(&(n1, t1)) = points.last() {
                    let _ = write!(line, " (^{:.2})", exponent(n1, t1, *n, elapsed));
                }
                points.push((*n, elapsed));
                if stage.name == "validate_text" {
                    validated = *n;
                }
                if elapsed > BUDGET {
                    line.push_str(" … stopped: over budget");
                    over_budget = true;
                    break;
                }
            }
            let fitted = if over_budget {
                f64::INFINITY
            } else {
                fitted_exponent(&points)
            };
            let _ = write!(line, "  fitted ^{fitted:.2}");
            worst.push((format!("{} / {}", shape.name, stage.name), fitted));
            println!("{line}");
        }
        let mut memory = String::from("   peak RSS / input");
        for (n, _) in documents.iter().filter(|(n, _)| *n <= validated) {
            match measure_memory(&shape, *n) {
                Some((input, before, after)) => {
                    let _ = write!(
                        memory,
                        "  {n}: {:.1} MB / {:.1} MB = {:.1}x (validation adds {:.1}x)",
                        after as f64 / 1e6,
                        input as f64 / 1e6,
                        after.max(before) as f64 / input as f64,
                        after.saturating_sub(before) as f64 / input as f64
                    );
                }
                None => memory.push_str(" (not measured)"),
            }
        }
        println!("{memory}");
    }
    worst.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("\nlargest fitted growth exponents:");
    for (name, exponent) in worst.iter().take(8) {
        println!("   {name:<40} ^{exponent:.2}");
    }
}

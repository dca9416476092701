//! Catalog timings with std only: `cargo bench -p iam-policy --bench catalog`.
//!
//! First use is measured in fresh child processes (the catalog is parsed once per process);
//! everything else in loops timed with `Instant`, reporting the best of several rounds.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use iam_policy::catalog::{self, ArnPattern};

const FIRST_USE_ENV: &str = "IAM_POLICY_BENCH_FIRST_USE";

fn main() {
    if std::env::var_os(FIRST_USE_ENV).is_some() {
        let start = Instant::now();
        let found = catalog::action("s3:GetObject").is_some();
        let elapsed = start.elapsed();
        println!("{}", elapsed.as_nanos());
        std::process::exit(if found { 0 } else { 1 });
    }

    first_use();
    let s3 = catalog::service("s3").expect("s3 is in the catalog");
    let object = s3.resource_type("object").expect("s3 has objects");
    let role = catalog::service("iam")
        .and_then(|iam| iam.resource_type("role"))
        .expect("iam has roles");
    let names = [
        "s3:GetObject",
        "ec2:RunInstances",
        "IAM:passrole",
        "dynamodb:PutItem",
        "elasticloadbalancing:ConfigureHealthCheck",
        "s3:NoSuchAction",
    ];

    bench("action lookup (6 names)", 200_000, || {
        for name in names {
            black_box(catalog::action(black_box(name)));
        }
    });
    bench("matching_actions(\"s3:Get*\").count()", 20_000, || {
        black_box(catalog::matching_actions(black_box("s3:Get*")).count());
    });
    bench("matching_actions(\"*\").count()", 50, || {
        black_box(catalog::matching_actions(black_box("*")).count());
    });
    bench("pattern_matches_any(\"*\")", 1_000_000, || {
        black_box(catalog::pattern_matches_any(black_box("*")));
    });
    bench("pattern_matches_any(\"s3:*\")", 1_000_000, || {
        black_box(catalog::pattern_matches_any(black_box("s3:*")));
    });
    bench("pattern_matches_any(\"ec2:Describe*\")", 200_000, || {
        black_box(catalog::pattern_matches_any(black_box("ec2:Describe*")));
    });
    bench(
        "action_matches(\"s?:Get*\", \"s3:GetObject\")",
        1_000_000,
        || {
            black_box(catalog::action_matches(
                black_box("s?:Get*"),
                black_box("s3:GetObject"),
            ));
        },
    );
    bench("ResourceType::matches_arn (s3 object)", 200_000, || {
        black_box(object.matches_arn(black_box("arn:aws:s3:::my-bucket/${aws:username}/*")));
    });
    let pattern = ArnPattern::new("arn:aws:iam::*:role/*");
    bench("ArnPattern::matches (prepared, iam role)", 200_000, || {
        black_box(pattern.matches(black_box(role)));
    });
    bench(
        "ArnPattern::new + match against all 13 s3 types",
        20_000,
        || {
            let pattern = ArnPattern::new(black_box("arn:aws:s3:::my-bucket/*"));
            black_box(
                s3.resource_types()
                    .filter(|kind| pattern.matches(*kind))
                    .count(),
            );
        },
    );
    bench("condition_key(\"aws:RequestTag/team\")", 200_000, || {
        black_box(catalog::condition_key(black_box("aws:RequestTag/team")));
    });
    bench("supports_condition_key(\"s3:x-amz-acl\")", 200_000, || {
        let put_object = catalog::action("s3:PutObject");
        black_box(
            put_object.map(|action| action.supports_condition_key(black_box("s3:x-amz-acl"))),
        );
    });
    bench("suggest_action(\"s3:GetObjekt\")", 2_000, || {
        black_box(catalog::suggest_action(black_box("s3:GetObjekt")));
    });
    bench(
        "suggest_action(\"qqqqqqqqqq:PutItem\") (all services)",
        100,
        || {
            black_box(catalog::suggest_action(black_box("qqqqqqqqqq:PutItem")));
        },
    );
}

/// Runs this binary again with `FIRST_USE_ENV` set, which times the first lookup (parsing the
/// catalog) and prints nanoseconds.
fn first_use() {
    let Ok(executable) = std::env::current_exe() else {
        println!("first use: cannot locate the bench executable");
        return;
    };
    let mut samples = Vec::new();
    for _ in 0..7 {
        let output = Command::new(&executable).env(FIRST_USE_ENV, "1").output();
        let Ok(output) = output else { continue };
        let text = String::from_utf8_lossy(&output.stdout);
        if let Ok(nanos) = text.trim().parse::<u64>() {
            samples.push(Duration::from_nanos(nanos));
        }
    }
    samples.sort();
    match (samples.first(), samples.get(samples.len() / 2)) {
        (Some(best), Some(median)) => println!(
            "{:<55} best {:>10.2?}  median {:>10.2?}  ({} processes)",
            "first use (parse catalog + one lookup)",
            best,
            median,
            samples.len()
        ),
        _ => println!("first use: no samples"),
    }
}

/// Times `iterations` calls of `body`, five rounds, and prints the best time per call.
fn bench(label: &str, iterations: u32, mut body: impl FnMut()) {
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..iterations {
            body();
        }
        best = best.min(start.elapsed() / iterations);
    }
    println!("{label:<55} {best:>10.2?} per call");
}

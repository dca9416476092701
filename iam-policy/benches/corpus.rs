//! Parse (and serialize) every AWS managed policy (`iam_policy::managed`), compared with a bare
//! `serde_json::Value` parse of the same texts in the same run.
//!
//! Run with `cargo bench -p iam-policy --bench corpus`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iam_policy::validate::{Options, PolicyKind, validate_text};
use iam_policy::{Arn, Partition, Policy, managed};

/// The text of every AWS managed policy compiled into the crate.
fn documents() -> Vec<String> {
    managed::all()
        .map(|policy| policy.document_text().to_owned())
        .collect()
}

/// One benchmarked operation on a document's text.
type Work = Box<dyn Fn(&str)>;

/// The median time of `rounds` runs of `work` over every document.
fn measure(documents: &[String], rounds: usize, work: impl Fn(&str)) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for document in documents {
                work(document);
            }
            start.elapsed()
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn main() {
    let documents = documents();
    let bytes: usize = documents.iter().map(String::len).sum();
    let rounds = 21;
    println!(
        "corpus: {} documents, {:.2} MB",
        documents.len(),
        bytes as f64 / 1e6
    );

    let baseline = measure(&documents, rounds, |text| {
        black_box(serde_json::from_str::<serde_json::Value>(text).ok());
    });
    let options = Options {
        aws_managed: true,
        ..Options::default()
    };
    let cases: [(&str, Work); 5] = [
        (
            "Policy::from_json",
            Box::new(|text| {
                black_box(Policy::from_json(text).ok());
            }),
        ),
        (
            "serde_json::from_str::<Policy>",
            Box::new(|text| {
                black_box(serde_json::from_str::<Policy>(text).ok());
            }),
        ),
        (
            "Policy::from_json + to_string",
            Box::new(|text| {
                let policy = Policy::from_json(text).ok();
                black_box(policy.map(|policy| serde_json::to_string(&policy).ok()));
            }),
        ),
        (
            "Policy::from_json + to_canonical",
            Box::new(|text| {
                black_box(
                    Policy::from_json(text)
                        .ok()
                        .map(|policy| policy.to_canonical()),
                );
            }),
        ),
        (
            "validate_text (lint)",
            Box::new(move |text| {
                black_box(validate_text(text, &PolicyKind::Identity, &options));
            }),
        ),
    ];
    println!(
        "{:<36} {:>10}  {:>8}",
        "case (median of 21 runs)", "time", "ratio"
    );
    println!(
        "{:<36} {:>8.2}ms  {:>8}",
        "serde_json::from_str::<Value>",
        baseline.as_secs_f64() * 1e3,
        "1.00x"
    );
    for (name, work) in &cases {
        let time = measure(&documents, rounds, work);
        println!(
            "{:<36} {:>8.2}ms  {:>7.2}x",
            name,
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() / baseline.as_secs_f64()
        );
    }

    // One large statement: 10,000 wildcard actions of one service (the redundancy check must
    // stay near linear).
    let actions: Vec<String> = (0..10_000)
        .map(|index| format!("\"ec2:Describe{index:05}*\""))
        .collect();
    let wide = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [{}]}}]}}",
        actions.join(", ")
    );
    let options = Options::default();
    let wide_time = measure(std::slice::from_ref(&wide), rounds, |text| {
        black_box(validate_text(text, &PolicyKind::Identity, &options));
    });
    println!(
        "{:<36} {:>8.2}ms",
        "validate_text, 10,000 wildcards",
        wide_time.as_secs_f64() * 1e3
    );

    // Lookups in the compiled-in index: every name, every ARN (parsed, then looked up), and
    // "did you mean" for a misspelt name and for one that matches nothing.
    let names: Vec<String> = managed::all()
        .map(|policy| policy.name().to_owned())
        .collect();
    let arns: Vec<String> = managed::all()
        .map(|policy| policy.arn(Partition::AwsCn).to_string())
        .collect();
    let misspelt = ["AdminstratorAccess".to_owned()];
    let unknown = ["CompletelyInventedPolicy".to_owned()];
    let lookups: [(&str, &[String], Work); 4] = [
        (
            "managed::by_name",
            &names,
            Box::new(|name| {
                black_box(managed::by_name(name));
            }),
        ),
        (
            "Arn::from_str + managed::by_arn",
            &arns,
            Box::new(|arn| {
                black_box(
                    arn.parse::<Arn>()
                        .ok()
                        .and_then(|arn| managed::by_arn(&arn)),
                );
            }),
        ),
        (
            "managed::suggest, misspelt",
            &misspelt,
            Box::new(|name| {
                black_box(managed::suggest(name));
            }),
        ),
        (
            "managed::suggest, no match",
            &unknown,
            Box::new(|name| {
                black_box(managed::suggest(name));
            }),
        ),
    ];
    for (name, inputs, work) in &lookups {
        let time = measure(inputs, rounds, work);
        println!(
            "{:<36} {:>8.2}µs per lookup",
            name,
            time.as_secs_f64() * 1e6 / inputs.len() as f64
        );
    }
}

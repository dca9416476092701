//! Evaluator throughput with std only: `cargo bench -p iam-policy --bench eval`.
//!
//! The fixed mixed set is the evaluator's test cases (`tests/eval_cases/*.json`: every rule on
//! both sides and the documentation's worked examples: SCP and RCP levels, resource, trust and key
//! policies, boundaries, session policies, conditions of every operator family, variables). The
//! request files are parsed once; each round evaluates every request, explanation included, and
//! the best of several rounds is reported as requests per second on one core.

use std::hint::black_box;
use std::time::Instant;

use iam_policy::eval::file::RequestFile;
use iam_policy::eval::{Decision, evaluate};

const CASES: [&str; 2] = [
    include_str!("../tests/eval_cases/rules.json"),
    include_str!("../tests/eval_cases/doc_examples.json"),
];

fn main() {
    let mut files = Vec::new();
    for text in CASES {
        let cases: Vec<serde_json::Value> = serde_json::from_str(text).expect("case list");
        for case in cases {
            files.push(RequestFile::parse(&case.to_string()).expect("case parses"));
        }
    }
    let sets: Vec<_> = files.iter().map(|file| file.policies.as_set()).collect();
    let rounds = 15;
    let repetitions = 200;
    let mut best = f64::MAX;
    let mut allowed = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..repetitions {
            for (file, set) in files.iter().zip(&sets) {
                let evaluation = evaluate(black_box(&file.request), black_box(set));
                allowed += usize::from(evaluation.decision == Decision::Allow);
                black_box(evaluation);
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let requests = files.len() * repetitions;
    println!(
        "evaluate ({} mixed requests, explanations included): {:.0} requests/s, {:.2} us/request (best of {rounds} rounds; {} allowed)",
        files.len(),
        requests as f64 / best,
        best * 1e6 / requests as f64,
        allowed / rounds / repetitions
    );

    let texts: Vec<String> = CASES
        .iter()
        .flat_map(|text| {
            serde_json::from_str::<Vec<serde_json::Value>>(text)
                .expect("case list")
                .into_iter()
                .map(|case| case.to_string())
        })
        .collect();
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..20 {
            for text in &texts {
                let file = RequestFile::parse(black_box(text)).expect("case parses");
                black_box(evaluate(&file.request, &file.policies.as_set()));
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let requests = texts.len() * 20;
    println!(
        "parse request file + evaluate: {:.0} requests/s, {:.2} us/request (best of {rounds} rounds)",
        requests as f64 / best,
        best * 1e6 / requests as f64
    );
}

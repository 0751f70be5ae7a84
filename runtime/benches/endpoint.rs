//! Cost of one endpoint resolution with the model's rule set, the work a
//! client does per call if it does not keep the resolved endpoint.
//!
//! `cargo bench -p codeartifact-runtime --bench endpoint [-- ITERATIONS [SCENARIO]]`
//! prints one `key=value` line per scenario. For a stable figure on a noisy
//! machine, count instructions instead of time:
//! `valgrind --tool=callgrind target/release/deps/endpoint-* 1000` and divide
//! the difference from a run with 0 iterations by the iteration count.
//!
//! Recorded 2026-11-28 (release, callgrind, 2000 iterations per scenario,
//! model rule set + partitions.json): listed_region 3,607 instructions per
//! resolve, fips_dual_stack 5,126, regex_region 4,436, custom_endpoint 2,172;
//! wall time 0.3-1.5 us, depending on load of the shared 2-core machine.

use codeartifact_runtime::endpoint::{EndpointResolver, Params};
use std::hint::black_box;
use std::time::Instant;

const RULES: &str = include_str!("../../model/endpoint-rule-set-1.json");
const PARTITIONS: &str = include_str!("../../model/partitions.json");

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let iterations: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let only = args.get(1);

    let started = Instant::now();
    let resolver = EndpointResolver::new(RULES, PARTITIONS).expect("model rule set loads");
    println!("scenario=load ns={}", started.elapsed().as_nanos());

    let region = |name: &str, fips: bool, dual: bool| Params {
        region: Some(name.into()),
        use_fips: fips,
        use_dual_stack: dual,
        endpoint: None,
    };
    let custom = Params {
        endpoint: Some("http://127.0.0.1:8080".into()),
        ..Params::default()
    };
    let scenarios = [
        ("listed_region", region("us-west-2", false, false)),
        ("fips_dual_stack", region("eu-west-1", true, true)),
        ("regex_region", region("us-east-9", false, false)),
        ("custom_endpoint", custom),
    ];
    for (name, params) in scenarios
        .iter()
        .filter(|(name, _)| only.is_none_or(|o| o == name))
    {
        let started = Instant::now();
        for _ in 0..iterations {
            let endpoint = resolver.resolve(black_box(params)).expect("resolves");
            black_box(endpoint);
        }
        let per_call = started.elapsed().as_nanos() / u128::from(iterations.max(1));
        println!("scenario={name} iterations={iterations} ns_per_resolve={per_call}");
    }
}

//! One UpdatePackageVersionsStatus call with the official SDK, against a
//! local endpoint: the program whose build cost and binary size
//! `cargo xtask bench build` measures. It refuses any endpoint but
//! `http://127.0.0.1:PORT`, so it can never reach AWS.
//!
//! `official-minimal --endpoint http://127.0.0.1:PORT`

use std::process::ExitCode;

use aws_config::BehaviorVersion;
use aws_sdk_codeartifact::Client;
use aws_sdk_codeartifact::config::{Credentials, Region};
use aws_sdk_codeartifact::error::DisplayErrorContext;
use aws_sdk_codeartifact::types::{PackageFormat, PackageVersionStatus};

#[path = "../../endpoint_arg.rs"]
mod endpoint_arg;

use endpoint_arg::endpoint_from_args;

#[tokio::main]
async fn main() -> ExitCode {
    let endpoint = match endpoint_from_args() {
        Ok(url) => url,
        Err(code) => return code,
    };
    let config = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(
            "AKIDMINIMAL000000000",
            "minimal-secret-key-not-real",
            None,
            None,
            "static",
        ))
        .endpoint_url(endpoint)
        .load()
        .await;
    let client = Client::new(&config);
    let mut call = client
        .update_package_versions_status()
        .domain("bench-domain")
        .domain_owner("111122223333")
        .repository("bench-repo")
        .format(PackageFormat::Npm)
        .namespace("bench")
        .package("bench-pkg")
        .expected_status(PackageVersionStatus::Published)
        .target_status(PackageVersionStatus::Archived);
    for i in 0..10 {
        call = call
            .versions(format!("1.0.{i}"))
            .version_revisions(format!("1.0.{i}"), format!("rev-000{i}-abc"));
    }
    match call.send().await {
        Ok(out) => {
            let ok = out.successful_versions().map_or(0, |m| m.len());
            println!("successful_versions={ok}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", DisplayErrorContext(e));
            ExitCode::FAILURE
        }
    }
}

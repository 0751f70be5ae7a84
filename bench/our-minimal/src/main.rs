//! The UpdatePackageVersionsStatus request with our crate, the counterpart of
//! `bench/official-minimal`: the program whose build cost and binary size
//! `cargo xtask bench build` measures. It refuses any endpoint but
//! `http://127.0.0.1:PORT`.
//!
//! INTERIM: `codeartifact::Config` and `Client::new(config)` are not on main
//! yet, so this builds the input with the operation's builder and serializes
//! it with the runtime's restJson1 serializer (the code a call runs first)
//! instead of sending it. Once the client lands this becomes
//! `Client::new(config).update_package_versions_status()...send().await`.
//!
//! `our-minimal --endpoint http://127.0.0.1:PORT`

use std::process::ExitCode;

use codeartifact::operation::update_package_versions_status::{
    UpdatePackageVersionsStatus, UpdatePackageVersionsStatusInput,
};
use codeartifact::runtime::operation::Operation;
use codeartifact::runtime::protocol::serialize_request;
use codeartifact::types::{PackageFormat, PackageVersionStatus};

#[path = "../../endpoint_arg.rs"]
mod endpoint_arg;

use endpoint_arg::endpoint_from_args;

#[tokio::main]
async fn main() -> ExitCode {
    let endpoint = match endpoint_from_args() {
        Ok(url) => url,
        Err(code) => return code,
    };
    let mut call = UpdatePackageVersionsStatusInput::builder()
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
    let request = call
        .build()
        .map_err(|e| e.to_string())
        .and_then(|input| serde_json::to_value(input).map_err(|e| e.to_string()))
        .and_then(|doc| {
            serialize_request(UpdatePackageVersionsStatus::SPEC, &doc).map_err(|e| e.to_string())
        });
    match request {
        Ok(req) => {
            let body = req.body.as_ref().map_or(0, |b| b.len());
            println!(
                "{} {endpoint}{}?{} body_bytes={body}",
                req.method,
                req.path,
                req.query_string()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

//! One UpdatePackageVersionsStatus call with our crate, the counterpart of
//! `bench/official-minimal`: the program whose build cost and binary size
//! `cargo xtask bench build` measures. It refuses any endpoint but
//! `http://127.0.0.1:PORT`, so it can never reach AWS.
//!
//! `our-minimal --endpoint http://127.0.0.1:PORT`
//!
//! The generated `Client` has no `Client::new(config)` yet, so the client is
//! made from a runtime `Handle` (`Client::from_handle`), as on main today.

use std::process::ExitCode;

use codeartifact::runtime::client::Handle;
use codeartifact::types::{PackageFormat, PackageVersionStatus};
use codeartifact::{Client, Config, Credentials, Region};

#[path = "../../endpoint_arg.rs"]
mod endpoint_arg;

use endpoint_arg::endpoint_from_args;

#[tokio::main]
async fn main() -> ExitCode {
    let endpoint = match endpoint_from_args() {
        Ok(url) => url,
        Err(code) => return code,
    };
    let config = Config::builder()
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::from_keys(
            "AKIDMINIMAL000000000",
            "minimal-secret-key-not-real",
            None,
        ))
        .endpoint_url(endpoint)
        .build();
    let client = Client::from_handle(Handle::new(config, &codeartifact::service::SERVICE));
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
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

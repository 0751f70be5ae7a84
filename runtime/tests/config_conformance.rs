//! The cross-SDK profile-parser and file-location vectors from
//! `shared/conformance/runtime-extras`, read in place.

use std::path::PathBuf;

use codeartifact_runtime::config::{Env, FileLocations, Platform, ProfileSet, Section};
use serde_json::{Map, Value};

fn extras_file(name: &str) -> Value {
    let shared = std::env::var("CODEARTIFACT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared")));
    let path = shared.join("conformance/runtime-extras").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "conformance data is absent: cannot read {} ({e}); set CODEARTIFACT_SHARED_DIR to the shared directory",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

fn as_json(sections: &std::collections::BTreeMap<String, Section>) -> Value {
    let map: Map<String, Value> = sections
        .iter()
        .map(|(name, section)| {
            let props = section
                .properties()
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
            (name.clone(), Value::Object(props.collect()))
        })
        .collect();
    Value::Object(map)
}

#[test]
fn profile_parser_conformance() {
    let data = extras_file("profile-parser-tests.json");
    let tests = data["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 65);
    let mut failures = Vec::new();
    for case in tests {
        let name = case["name"].as_str().unwrap();
        let config = case["input"]["configFile"].as_str().unwrap_or("");
        let credentials = case["input"]["credentialsFile"].as_str().unwrap_or("");
        let result = ProfileSet::parse(config, credentials);
        let output = &case["output"];
        match (
            result,
            output.get("errorContaining").and_then(Value::as_str),
        ) {
            (Ok(set), None) => {
                let expected = &output["config"];
                if as_json(set.profiles()) != expected["profiles"] {
                    failures.push(format!(
                        "{name}: profiles {:?} != {}",
                        as_json(set.profiles()),
                        expected["profiles"]
                    ));
                }
                if let Some(sso) = expected.get("sso_sessions") {
                    if &as_json(set.sso_sessions()) != sso {
                        failures.push(format!("{name}: sso sessions differ"));
                    }
                }
            }
            (Err(e), Some(needle)) if e.to_string().contains(needle) => {}
            (result, needle) => {
                failures.push(format!("{name}: got {result:?}, expected error {needle:?}"))
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn file_location_conformance() {
    let data = extras_file("file-location-tests.json");
    let tests = data["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 9);
    for case in tests {
        let name = case["name"].as_str().unwrap();
        let vars = case["environment"].as_object().unwrap();
        let env = Env::from_pairs(
            vars.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        );
        let platform = match case["platform"].as_str().unwrap() {
            "windows" => Platform::Windows,
            "linux" | "macos" => Platform::Unix,
            other => panic!("{name}: unknown platform {other}"),
        };
        let loc = FileLocations::resolve(&env, platform);
        let show = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
        assert_eq!(
            show(&loc.config).as_deref(),
            case["configLocation"].as_str(),
            "{name}"
        );
        assert_eq!(
            show(&loc.credentials).as_deref(),
            case["credentialsLocation"].as_str(),
            "{name}"
        );
        if let Some(profile) = case.get("profile").and_then(Value::as_str) {
            assert_eq!(loc.profile, profile, "{name}");
        }
    }
}

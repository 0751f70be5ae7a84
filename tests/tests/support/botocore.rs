//! Reading the botocore wire fixtures (`tests/fixtures/botocore/`).

use base64::Engine as _;
use codeartifact_runtime::schema::OperationSpec;
use serde_json::Value;

pub fn fixtures() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/botocore");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}; run python3 tests/botocore/gen_fixtures.py"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

pub fn headers_of(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// A raw (non-JSON) body, which the fixtures keep in base64.
pub fn base64_field(v: &Value) -> Vec<u8> {
    v.as_str()
        .map(|s| base64::engine::general_purpose::STANDARD.decode(s).unwrap())
        .unwrap_or_default()
}

/// Status, headers and body bytes of a recorded response.
pub fn response_parts(resp: &Value) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let status = resp["status"].as_u64().unwrap() as u16;
    let bytes = match resp["body"].as_str() {
        Some(text) => text.as_bytes().to_vec(),
        None => base64_field(&resp["body_base64"]),
    };
    (status, headers_of(&resp["headers"]), bytes)
}

/// botocore's parsed output, minus a streaming payload: botocore hands the
/// stream back inside the output; we leave it to the caller.
pub fn expected_output(spec: &OperationSpec, fx: &Value) -> Value {
    let mut expected = fx["parsed"].clone();
    if let (Some(m), Some(map)) = (spec.output.payload_member(), expected.as_object_mut()) {
        map.remove(m.name);
    }
    expected
}

/// Collects mismatches instead of stopping at the first, so one run shows
/// every disagreement.
pub struct Report {
    pub problems: Vec<String>,
    /// Which request of the fixture is checked: every member, or the required ones.
    pub case: &'static str,
}

impl Report {
    pub fn eq<T: PartialEq + std::fmt::Debug>(
        &mut self,
        op: &str,
        what: &str,
        ours: T,
        botocore: T,
    ) {
        if ours != botocore {
            let case = self.case;
            self.problems.push(format!(
                "{op} ({case}): {what}\n  ours:     {ours:?}\n  botocore: {botocore:?}"
            ));
        }
    }
}

//! Rules-engine behaviour beyond the conformance files: rule-set checks at
//! load time, scoping of assignments, tree rules, templates, parameters.

use codeartifact_runtime::endpoint::{EndpointError, EndpointResolver, Params};
use serde_json::{Map, Value, json};

const PARTITIONS: &str = include_str!("../../model/partitions.json");
const CODEARTIFACT_RULES: &str = include_str!("../../model/endpoint-rule-set-1.json");

fn resolver(rules: Value) -> Result<EndpointResolver, EndpointError> {
    EndpointResolver::new(&rules.to_string(), PARTITIONS)
}

fn named(params: Value) -> Map<String, Value> {
    params.as_object().cloned().unwrap_or_default()
}

fn endpoint_rule(url: &str) -> Value {
    json!({"type": "endpoint", "conditions": [], "endpoint": {"url": url}})
}

#[test]
fn codeartifact_params_cover_fips_dual_stack_and_custom_endpoints() {
    let r = EndpointResolver::new(CODEARTIFACT_RULES, PARTITIONS).unwrap();
    let region = |reg: &str, fips, dual| Params {
        region: Some(reg.into()),
        use_fips: fips,
        use_dual_stack: dual,
        endpoint: None,
    };
    let url = |p: Params| r.resolve(&p).map(|e| e.url);
    assert_eq!(
        url(region("us-west-2", false, false)).unwrap(),
        "https://codeartifact.us-west-2.amazonaws.com"
    );
    assert_eq!(
        url(region("us-west-2", true, true)).unwrap(),
        "https://codeartifact-fips.us-west-2.api.aws"
    );
    assert_eq!(
        url(region("cn-north-1", false, true)).unwrap(),
        "https://codeartifact.cn-north-1.api.amazonwebservices.com.cn"
    );
    // A region no partition lists or matches falls back to `aws`.
    assert_eq!(
        url(region("mars-east-1", false, false)).unwrap(),
        "https://codeartifact.mars-east-1.amazonaws.com"
    );

    let custom = Params {
        endpoint: Some("http://127.0.0.1:8080/base".into()),
        ..Params::default()
    };
    let endpoint = r.resolve(&custom).unwrap();
    assert_eq!(endpoint.url, "http://127.0.0.1:8080/base");
    assert!(endpoint.headers.is_empty() && endpoint.properties.is_empty());

    let fips_custom = Params {
        use_fips: true,
        ..custom
    };
    let err = r.resolve(&fips_custom).unwrap_err();
    assert_eq!(
        err,
        EndpointError::Rule(
            "Invalid Configuration: FIPS and custom endpoint are not supported".into()
        )
    );
    assert_eq!(
        err.to_string(),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    assert_eq!(
        r.resolve(&Params::default()).unwrap_err().to_string(),
        "Invalid Configuration: Missing Region"
    );
    let names: Vec<&str> = r.parameter_names().collect();
    assert_eq!(names.len(), 4);
    assert!(names.contains(&"Region") && names.contains(&"Endpoint"));
}

#[test]
fn load_time_errors() {
    let bad = [
        json!({"version": "2.0", "parameters": {}, "rules": []}),
        json!({"version": "1.0", "parameters": {"X": {"type": "integer"}}, "rules": []}),
        json!({"version": "1.0", "parameters": {"X": {"type": "string", "default": true}}, "rules": []}),
        json!({"version": "1.0", "parameters": {}, "rules": [endpoint_rule("https://{Nope}.com")]}),
        json!({"version": "1.0", "parameters": {}, "rules": [endpoint_rule("https://{oops.com")]}),
        json!({"version": "1.0", "parameters": {}, "rules": [endpoint_rule("https://oops}.com")]}),
        json!({"version": "1.0", "parameters": {}, "rules": [{"type": "nope", "conditions": []}]}),
        json!({"version": "1.0", "parameters": {"X": {"type": "string"}},
               "rules": [{"type": "error", "conditions": [{"fn": "frobnicate", "argv": [{"ref": "X"}]}], "error": "e"}]}),
        json!({"version": "1.0", "parameters": {"X": {"type": "string"}},
               "rules": [{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "X"}, true]}], "error": "e"}]}),
        json!({"version": "1.0", "parameters": {"X": {"type": "string"}},
               "rules": [{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "X"}, "a[x]"]}], "error": "e"}]}),
        json!({"version": "1.0", "parameters": {"Region": {"type": "boolean", "builtIn": "AWS::Region"}}, "rules": []}),
    ];
    for rules in bad {
        match resolver(rules.clone()) {
            Err(EndpointError::InvalidRuleSet(_)) => {}
            other => panic!("{rules} should be rejected, got {other:?}"),
        }
    }
    assert!(matches!(
        EndpointResolver::new("{", PARTITIONS),
        Err(EndpointError::InvalidRuleSet(_))
    ));
    assert!(matches!(
        EndpointResolver::new(CODEARTIFACT_RULES, "{}"),
        Err(EndpointError::InvalidPartitions(_))
    ));
}

#[test]
fn assignments_are_scoped_to_their_rule() {
    // `v` assigned in the first rule must not be visible to its sibling.
    let rules = json!({"version": "1.0", "parameters": {"X": {"type": "string"}}, "rules": [
        {"type": "endpoint", "conditions": [
            {"fn": "uriEncode", "argv": ["{X}"], "assign": "v"},
            {"fn": "stringEquals", "argv": ["{v}", "never"]}],
         "endpoint": {"url": "https://{v}"}},
        endpoint_rule("https://{v}")
    ]});
    assert!(matches!(
        resolver(rules),
        Err(EndpointError::InvalidRuleSet(_))
    ));

    // The same name may be assigned in sibling rules; each sees its own.
    let rules = json!({"version": "1.0", "parameters": {"X": {"type": "string", "required": true}}, "rules": [
        {"type": "endpoint", "conditions": [
            {"fn": "substring", "argv": ["{X}", 0, 1, false], "assign": "v"},
            {"fn": "stringEquals", "argv": ["{v}", "z"]}],
         "endpoint": {"url": "https://first-{v}"}},
        {"type": "endpoint", "conditions": [{"fn": "uriEncode", "argv": ["{X}"], "assign": "v"}],
         "endpoint": {"url": "https://second-{v}"}}
    ]});
    let r = resolver(rules).unwrap();
    assert_eq!(
        r.resolve_named(&named(json!({"X": "a b"}))).unwrap().url,
        "https://second-a%20b"
    );
    assert_eq!(
        r.resolve_named(&named(json!({"X": "zed"}))).unwrap().url,
        "https://first-z"
    );
}

#[test]
fn a_matched_tree_is_terminal() {
    let rules = json!({"version": "1.0", "parameters": {"X": {"type": "boolean", "required": true}}, "rules": [
        {"type": "tree", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "X"}, true]}], "rules": [
            {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "X"}, false]}],
             "endpoint": {"url": "https://inner"}}
        ]},
        endpoint_rule("https://after-tree")
    ]});
    let r = resolver(rules).unwrap();
    assert!(matches!(
        r.resolve_named(&named(json!({"X": true}))),
        Err(EndpointError::Unresolved(_))
    ));
    assert_eq!(
        r.resolve_named(&named(json!({"X": false}))).unwrap().url,
        "https://after-tree"
    );
}

#[test]
fn templates_escape_braces_and_read_nested_attributes() {
    let rules = json!({"version": "1.0", "parameters": {"Arn": {"type": "string", "required": true}}, "rules": [
        {"type": "endpoint", "conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "a"}],
         "endpoint": {"url": "https://{a#resourceId[1]}.{a#region}.example.com/{{literal}}",
                      "headers": {"x-service": ["{a#service}"]},
                      "properties": {"nested": {"list": ["{a#accountId}", true, 3]}}}},
        {"type": "error", "conditions": [], "error": "not an ARN: {Arn}"}
    ]});
    let r = resolver(rules).unwrap();
    let e = r
        .resolve_named(&named(
            json!({"Arn": "arn:aws:s3:us-east-2:123:outpost/op-1"}),
        ))
        .unwrap();
    assert_eq!(e.url, "https://op-1.us-east-2.example.com/{literal}");
    assert_eq!(
        e.headers,
        vec![("x-service".to_owned(), vec!["s3".to_owned()])]
    );
    assert_eq!(
        Value::Object(e.properties),
        json!({"nested": {"list": ["123", true, 3]}})
    );
    let err = r.resolve_named(&named(json!({"Arn": "nope"}))).unwrap_err();
    assert_eq!(err, EndpointError::Rule("not an ARN: nope".into()));
}

#[test]
fn get_attr_out_of_range_is_unset() {
    let rules = json!({"version": "1.0", "parameters": {"L": {"type": "stringArray", "required": true}}, "rules": [
        {"type": "endpoint", "conditions": [{"fn": "getAttr", "argv": [{"ref": "L"}, "[2]"], "assign": "third"}],
         "endpoint": {"url": "https://{third}"}},
        {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"fn": "getAttr", "argv": [{"ref": "L"}, "[0]"]}]}],
         "endpoint": {"url": "https://has-first"}},
        endpoint_rule("https://empty")
    ]});
    let r = resolver(rules).unwrap();
    assert_eq!(
        r.resolve_named(&named(json!({"L": ["a", "b", "c"]})))
            .unwrap()
            .url,
        "https://c"
    );
    assert_eq!(
        r.resolve_named(&named(json!({"L": ["a"]}))).unwrap().url,
        "https://has-first"
    );
    assert_eq!(
        r.resolve_named(&named(json!({"L": []}))).unwrap().url,
        "https://empty"
    );
}

#[test]
fn parameter_checks() {
    let rules = json!({"version": "1.0", "parameters": {
        "Need": {"type": "String", "required": true},
        "Flag": {"type": "Boolean", "required": true, "default": false}
    }, "rules": [endpoint_rule("https://{Need}.{Flag}.example.com")]});
    let r = resolver(rules).unwrap();
    assert_eq!(
        r.resolve_named(&named(json!({"Need": "n"}))).unwrap().url,
        "https://n.false.example.com"
    );
    let err = |p: Value| r.resolve_named(&named(p)).unwrap_err();
    assert!(matches!(err(json!({})), EndpointError::InvalidParameter(m) if m.contains("Need")));
    assert!(matches!(
        err(json!({"Need": 3})),
        EndpointError::InvalidParameter(_)
    ));
    assert!(matches!(
        err(json!({"Need": "n", "Flag": "yes"})),
        EndpointError::InvalidParameter(_)
    ));
    assert!(
        matches!(err(json!({"Need": "n", "Other": 1})), EndpointError::InvalidParameter(m) if m.contains("Other"))
    );
}

#[test]
fn resolver_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<EndpointResolver>();
    let r = std::sync::Arc::new(EndpointResolver::new(CODEARTIFACT_RULES, PARTITIONS).unwrap());
    let handles: Vec<_> = ["us-east-1", "eu-west-1"]
        .into_iter()
        .map(|region| {
            let r = r.clone();
            std::thread::spawn(move || {
                r.resolve(&Params {
                    region: Some(region.into()),
                    ..Params::default()
                })
                .map(|e| e.url)
            })
        })
        .collect();
    let urls: Vec<String> = handles
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://codeartifact.us-east-1.amazonaws.com",
            "https://codeartifact.eu-west-1.amazonaws.com"
        ]
    );
}

//! The command line as people run it: the real binary, real standard input.

use std::io::Write;
use std::process::{Command, Stdio};

use learnloop_domain::spc::{self, SpcRequest};
use serde_json::{Value, json};

/// Runs `learnloop <args>` with `input` on standard input.
fn learnloop(args: &[&str], input: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_learnloop"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn spc_prints_the_same_answer_as_the_engine_and_the_api() {
    let request = json!({"chart": "p", "numerator": [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22],
        "denominator": [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50], "exclude": [15], "rules": "nhs"});
    let (ok, printed) = learnloop(&["spc"], &request.to_string());
    assert!(ok, "{printed}");
    let printed: Value = serde_json::from_str(&printed).unwrap();
    let expected = spc::compute(&serde_json::from_value::<SpcRequest>(request).unwrap()).unwrap();
    assert_eq!(printed, serde_json::to_value(expected).unwrap());
    assert_eq!(printed["points"].as_array().unwrap().len(), 15);
}

#[test]
fn spc_prints_the_api_error_body_and_fails_on_bad_input() {
    let (ok, printed) = learnloop(&["spc"], r#"{"chart": "u", "numerator": [1, 2], "denominator": [5, 0]}"#);
    assert!(!ok);
    let printed: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(printed["error"]["code"], "invalid_field");
    assert_eq!(printed["error"]["field"], "denominator");

    let (ok, printed) = learnloop(&["spc"], "not json");
    assert!(!ok);
    assert_eq!(serde_json::from_str::<Value>(&printed).unwrap()["error"]["code"], "malformed_json");
}

//! The canonical bytes every signature covers: RFC 8785 (JSON Canonicalization Scheme) over a
//! JSON value whose numbers are all whole (a float anywhere is refused, so no two writers can
//! disagree on a number's digits).

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The JCS bytes of a value, refusing floats.
pub fn canonical_value(value: &Value) -> Result<Vec<u8>> {
    if let Some(path) = float_at(value, "") {
        return Err(Error::invalid(
            "pack",
            format!("The number at {path} is not a whole number: numbers in signed records are whole numbers or text"),
        ));
    }
    serde_json_canonicalizer::to_vec(value)
        .map_err(|e| Error::Corrupt(format!("canonical JSON: {e}")))
}

/// The JCS bytes of a typed value.
pub fn canonical<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let v =
        serde_json::to_value(value).map_err(|e| Error::Corrupt(format!("canonical JSON: {e}")))?;
    canonical_value(&v)
}

/// Where the first non-integer number is, as a JSON path.
fn float_at(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => Some(if path.is_empty() {
            "the top".into()
        } else {
            path.to_string()
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| float_at(v, &format!("{path}[{i}]"))),
        Value::Object(m) => m
            .iter()
            .find_map(|(k, v)| float_at(v, &format!("{path}.{k}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sorted_and_compact_whatever_the_input_form() {
        let a: Value =
            serde_json::from_str("{\r\n  \"b\": 1,\r\n  \"a\": [\"é\", \"\\u0001\"]\r\n}").unwrap();
        let b: Value = serde_json::from_str(r#"{"a":["\u00e9","\u0001"],"b":1}"#).unwrap();
        let ca = canonical_value(&a).unwrap();
        assert_eq!(ca, canonical_value(&b).unwrap());
        assert_eq!(
            String::from_utf8(ca).unwrap(),
            "{\"a\":[\"é\",\"\\u0001\"],\"b\":1}"
        );
    }

    #[test]
    fn floats_are_refused_with_their_path() {
        let v: Value = serde_json::from_str(r#"{"a":{"hours":29.636908074076594}}"#).unwrap();
        let e = canonical_value(&v).unwrap_err();
        assert!(e.to_string().contains(".a.hours"), "{e}");
    }
}

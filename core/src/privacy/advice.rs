//! Combinations that could identify someone together (transitional: none yet).
pub(crate) fn advise(_text: &str) -> Vec<(String, Vec<String>)> {
    Vec::new()
}

//! People's names without a title (transitional: none yet).
use super::Hit;
pub(crate) fn hits(_text: &str) -> Vec<Hit> {
    Vec::new()
}

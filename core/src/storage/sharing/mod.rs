//! Sharing: this device's signing key, building packs (with the privacy check and the owner's
//! acknowledgements), reading them (trust on first use of each signer's key), the appraiser's
//! remote review in "My team", and merging a reviewed pack back into the colleague's record.
//! The functions take the connection or transaction; each public `Store` method is one
//! transaction (an agreed pack is imported by `storage::hr`).

mod export;
mod import;
mod keys;
mod team;

use crate::error::{Error, Result};
use crate::format::pack::Held;
use crate::pack::{self, Purpose};
use crate::store::file_stem;

pub(crate) use keys::{ensure_key, my_public_key, salt_secret, signing_key};

/// The name to suggest for a pack: "appraisal-sam-jones-2026-03-31-for-review.reflectpack".
fn pack_file_name(held: &Held, purpose: Purpose) -> String {
    let period_end = held
        .parts
        .iter()
        .find(|p| p.name == "period")
        .and_then(|p| p.content["end"].as_str())
        .unwrap_or_default()
        .to_string();
    format!(
        "{}.{}",
        file_stem(&[
            "appraisal",
            &held.record.details.name,
            &period_end,
            purpose.as_str()
        ]),
        pack::PACK_EXTENSION
    )
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(e.to_string()))
}

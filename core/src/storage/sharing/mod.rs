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
use crate::pack::{self, PackBody};
use crate::store::file_stem;

pub(crate) use keys::ensure_key;

/// The name to suggest for a pack: "appraisal-sam-jones-2026-03-31-for-review.reflectpack".
fn pack_file_name(body: &PackBody) -> String {
    format!(
        "{}.{}",
        file_stem(&[
            "appraisal",
            &body.record.details.name,
            &body.record.content.period_end,
            body.purpose.as_str()
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

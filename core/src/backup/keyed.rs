//! Format 2 (`schema/backup-format-2.md`): opening the key file a backup of an encrypted journal
//! carries, with the journal's passphrase or its recovery code.

use super::{hex, not_a_backup, wrong_passphrase};
use crate::encryption::{DataKey, KeyFile, RecoveryCode};
use crate::error::{Error, Result};

/// Format 2: the key file carried (one entry, for the snapshot's salt) and the data key,
/// unwrapped with the passphrase, or with the recovery code when what was given is one.
pub(super) fn open_keyed(
    prefix: &[u8],
    payload: &[u8],
    secret: Option<&str>,
) -> Result<(KeyFile, DataKey)> {
    let keys: KeyFile =
        serde_json::from_slice(prefix).map_err(|_| not_a_backup("its key file does not read"))?;
    let salt = payload
        .get(..16)
        .map(|h| hex(h))
        .ok_or_else(|| not_a_backup("its snapshot is shorter than a database header"))?;
    let [entry] = keys.keys.as_slice() else {
        return Err(not_a_backup("its key file does not hold exactly one key"));
    };
    if entry.salt != salt {
        return Err(not_a_backup("its key file is for another snapshot"));
    }
    let secret = secret.filter(|p| !p.is_empty()).ok_or_else(|| {
        Error::invalid(
            "passphrase",
            "This backup is of an encrypted journal: give the journal's passphrase it was made \
             with, or the recovery code",
        )
    })?;
    let key = match entry.unwrap_passphrase(secret) {
        Ok(key) => key,
        Err(Error::Invalid { .. }) => match RecoveryCode::parse(secret) {
            Ok(code) => entry
                .unwrap_recovery(&code)
                .map_err(|_| wrong_passphrase())?,
            Err(_) => return Err(wrong_passphrase()),
        },
        Err(_) => return Err(not_a_backup("its key file is damaged")),
    };
    Ok((keys.clone(), key))
}

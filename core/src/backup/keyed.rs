//! Format 2 (`schema/backup-format-2.md`): opening the key file a backup of an encrypted journal
//! carries, with the journal's passphrase or its recovery code.

use crate::encryption::keyfile::salt_of;
use crate::encryption::{DataKey, KeyFile, RecoveryCode};
use crate::error::Error;

/// Why a format 2 backup did not open (the parent module words it).
pub(super) enum Refused {
    /// Not a backup that can be restored: why.
    NotABackup(&'static str),
    /// No passphrase was given.
    NoPassphrase,
    /// The passphrase (or code) is wrong.
    WrongPassphrase,
}

/// The key file carried (one entry, for the snapshot's salt) and the data key, unwrapped with
/// the passphrase, or with the recovery code when what was given is one.
pub(super) fn open_keyed(
    prefix: &[u8],
    payload: &[u8],
    secret: Option<&str>,
) -> Result<(KeyFile, DataKey), Refused> {
    let keys: KeyFile = serde_json::from_slice(prefix)
        .map_err(|_| Refused::NotABackup("its key file does not read"))?;
    let salt = payload
        .get(..16)
        .and_then(|h| <&[u8; 16]>::try_from(h).ok())
        .map(salt_of)
        .ok_or(Refused::NotABackup(
            "its snapshot is shorter than a database header",
        ))?;
    let [entry] = keys.keys.as_slice() else {
        return Err(Refused::NotABackup(
            "its key file does not hold exactly one key",
        ));
    };
    if entry.salt != salt {
        return Err(Refused::NotABackup("its key file is for another snapshot"));
    }
    let secret = secret
        .filter(|p| !p.is_empty())
        .ok_or(Refused::NoPassphrase)?;
    let key = match entry.unwrap_passphrase(secret) {
        Ok(key) => key,
        Err(Error::Invalid { .. }) => match RecoveryCode::parse(secret) {
            Ok(code) => entry
                .unwrap_recovery(&code)
                .map_err(|_| Refused::WrongPassphrase)?,
            Err(_) => return Err(Refused::WrongPassphrase),
        },
        Err(_) => return Err(Refused::NotABackup("its key file is damaged")),
    };
    Ok((keys.clone(), key))
}

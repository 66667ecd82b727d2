//! This device's key as people compare it: the public key and its fingerprint (`crate::keys`).
//! No SQL of its own: the key is read (made, if missing) by `Store::public_key`.

use crate::error::Result;
use crate::keys::KeyInfo;
use crate::store::Store;

impl Store {
    /// This device's public key and its fingerprint, for `reflect key` and Settings.
    pub fn key_info(&mut self) -> Result<KeyInfo> {
        KeyInfo::new(self.public_key()?)
    }
}

//! The recovery code: 160 random bits written down at set-up, as eight groups of four letters
//! and digits (`ABCD-EFGH-…`, RFC 4648 base32: no 0, 1, 8 or 9, so it cannot be misread as O,
//! I or B; those are read as the letters when typed). The code is an age X25519 identity in
//! disguise: SHA-256 of a label and its bytes is the secret key, so only its public recipient
//! is kept (`reflect.keys`), and every new key is wrapped to it without the code.

use std::str::FromStr;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The bytes in a recovery code.
const BYTES: usize = 20;
/// Domain separation for the identity derived from a code.
const LABEL: &[u8] = b"reflect-recovery-code/1\n";

/// A recovery code; wiped from memory when dropped, never printed by `Debug`.
pub struct RecoveryCode(Zeroizing<[u8; BYTES]>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// A new code from the OS's random number generator.
    pub fn generate() -> Result<RecoveryCode> {
        let mut bytes = Zeroizing::new([0u8; BYTES]);
        getrandom::fill(bytes.as_mut())
            .map_err(|e| Error::Corrupt(format!("no random numbers for a recovery code: {e}")))?;
        Ok(RecoveryCode(bytes))
    }

    /// Read a code as typed: any case, with or without the hyphens and spaces, 0/1/8 read as
    /// O/I/B. Anything else is `Invalid { recovery_code }`.
    pub fn parse(typed: &str) -> Result<RecoveryCode> {
        let mut letters = Zeroizing::new(String::with_capacity(32));
        for c in typed.chars() {
            match c.to_ascii_uppercase() {
                '-' | ' ' | '\t' | '\n' | '\r' => {}
                '0' => letters.push('O'),
                '1' => letters.push('I'),
                '8' => letters.push('B'),
                c @ ('A'..='Z' | '2'..='7') => letters.push(c),
                _ => return Err(not_a_code()),
            }
        }
        let decoded = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(letters.as_bytes())
                .map_err(|_| not_a_code())?,
        );
        if decoded.len() != BYTES {
            return Err(not_a_code());
        }
        let mut bytes = Zeroizing::new([0u8; BYTES]);
        bytes.copy_from_slice(&decoded);
        Ok(RecoveryCode(bytes))
    }

    /// The code to write down: eight groups of four, joined by hyphens.
    pub fn display(&self) -> Zeroizing<String> {
        let plain = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(self.0.as_ref()));
        let mut out = Zeroizing::new(String::with_capacity(40));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// The age X25519 identity this code stands for.
    pub(crate) fn identity(&self) -> Result<age::x25519::Identity> {
        let mut hash = Sha256::new();
        hash.update(LABEL);
        hash.update(&self.0[..]);
        let secret = Zeroizing::new(<[u8; 32]>::from(hash.finalize()));
        let hrp = bech32::Hrp::parse("AGE-SECRET-KEY-")
            .map_err(|e| Error::Corrupt(format!("recovery identity: {e}")))?;
        let text = Zeroizing::new(
            bech32::encode_upper::<bech32::Bech32>(hrp, secret.as_ref())
                .map_err(|e| Error::Corrupt(format!("recovery identity: {e}")))?,
        );
        age::x25519::Identity::from_str(&text)
            .map_err(|e| Error::Corrupt(format!("recovery identity: {e}")))
    }

    /// The recipient new keys are wrapped to (`age1…`), kept in the key file.
    pub fn recipient(&self) -> Result<String> {
        Ok(self.identity()?.to_public().to_string())
    }
}

fn not_a_code() -> Error {
    Error::invalid(
        "recovery_code",
        "That is not a recovery code: it is eight groups of four letters and digits, such as \
         ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = RecoveryCode::generate().unwrap();
        let shown = code.display();
        assert_eq!(shown.len(), 39);
        let typed = shown.to_lowercase().replace('-', " ").replace('o', "0");
        let back = RecoveryCode::parse(&typed).unwrap();
        assert_eq!(back.recipient().unwrap(), code.recipient().unwrap());
        for bad in [
            "",
            "ABCD",
            "ABCD-EFGH-!JKL-MNOP-QRST-UVWX-YZ23-4567",
            &format!("{}A", *shown),
        ] {
            assert_eq!(
                RecoveryCode::parse(bad).unwrap_err().field(),
                Some("recovery_code"),
                "{bad}"
            );
        }
    }
}

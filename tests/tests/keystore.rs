//! The OS keystore (a real Secret Service under `make test`: `scripts/with-keyring.sh` runs the
//! tests in a D-Bus session with GNOME Keyring). Where the machine has a keystore, an encrypted
//! journal with the keystore chosen opens without typing, keeps opening after a new passphrase,
//! and asks for the passphrase again once the keystore is turned off or loses the key. Where it
//! has none, choosing it is refused plainly and the passphrase is asked for; with
//! `REFLECT_REQUIRE_KEYSTORE` set (as `make test` sets it) a missing keystore fails the test.

use reflect_core::encryption::{keystore, KeyFile, Unlock};
use reflect_core::Store;
use reflect_tests::{input, set_up};

const PASS: &str = "correct horse battery staple";
const PASS2: &str = "tangerine lighthouse violin";

fn pass(p: &str) -> Unlock {
    Unlock::Passphrase(p.to_owned().into())
}

#[test]
fn the_keystore_service_is_the_app_id() {
    assert_eq!(keystore::SERVICE, reflect_core::store::APP_ID);
}

#[test]
fn the_keystore_opens_the_journal_without_typing_or_the_passphrase_is_asked() {
    let available = keystore::available();
    if std::env::var_os("REFLECT_REQUIRE_KEYSTORE").is_some() {
        assert!(
            available,
            "REFLECT_REQUIRE_KEYSTORE is set and no OS keystore answers"
        );
    }
    let (dir, mut store) = set_up();
    store
        .save_reflection(&input("Night shift", "kept"))
        .unwrap();
    let outcome = store.encrypt(PASS, true).unwrap();
    assert!(outcome.status.encrypted);
    if !available {
        assert!(!outcome.status.keystore);
        assert!(outcome.warning.is_some(), "a keystore that failed is said");
        drop(store);
        assert_eq!(Store::open_dir(dir.path()).unwrap_err().kind(), "locked");
        return;
    }
    assert!(outcome.status.keystore, "{:?}", outcome.warning);
    drop(store);
    // No typing.
    let mut store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        store.list_reflections(&Default::default()).unwrap().len(),
        1
    );
    // A new key goes to the keystore too.
    store.change_passphrase(pass(PASS), PASS2).unwrap();
    drop(store);
    let mut store = Store::open_dir(dir.path()).unwrap();
    // Turned off: the passphrase is asked for again.
    assert!(!store.set_keystore(false).unwrap().keystore);
    drop(store);
    assert_eq!(Store::open_dir(dir.path()).unwrap_err().kind(), "locked");
    let mut store = Store::open_dir_with(dir.path(), pass(PASS2)).unwrap();
    assert!(store.set_keystore(true).unwrap().keystore);
    drop(store);
    // The keystore losing the key (another tool, a new profile) means asking, not failing.
    let journal = KeyFile::read(&dir.path().join("reflect.db"))
        .unwrap()
        .unwrap()
        .journal;
    keystore::forget(&journal).unwrap();
    assert_eq!(keystore::load(&journal).map(|_| ()), None);
    assert_eq!(Store::open_dir(dir.path()).unwrap_err().kind(), "locked");
    let mut store = Store::open_dir_with(dir.path(), pass(PASS2)).unwrap();
    store.set_keystore(true).unwrap();
    // Turning encryption off removes the keystore's copy.
    store.decrypt(PASS2).unwrap();
    assert_eq!(keystore::load(&journal).map(|_| ()), None);
}

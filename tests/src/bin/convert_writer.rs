//! The conversion campaign's writer (`tests/tests/encryption_crash.rs` kills it at random
//! moments): `convert_writer DIR FROM TO` opens the journal in DIR with passphrase FROM (`-`: it
//! is not encrypted) and turns encryption on (FROM `-`), off (TO `-`) or re-keys it with the new
//! passphrase TO, through the real `Store` API. Prints `done` when the conversion returned `Ok`.

use std::path::Path;
use std::process::ExitCode;

use reflect_core::encryption::Unlock;
use reflect_core::Store;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, from, to] = args.as_slice() else {
        eprintln!("usage: convert_writer DIR FROM TO");
        return ExitCode::from(2);
    };
    let unlock = match from.as_str() {
        "-" => Unlock::Nothing,
        p => Unlock::Passphrase(p.to_owned().into()),
    };
    let result = Store::open_dir_with(Path::new(dir), unlock).and_then(|mut store| {
        match (from.as_str(), to.as_str()) {
            ("-", "-") => Ok(()),
            ("-", new) => store.encrypt(new, false).map(|_| ()),
            (old, "-") => store.decrypt(old),
            (old, new) => store
                .change_passphrase(Unlock::Passphrase(old.to_owned().into()), new)
                .map(|_| ()),
        }
    });
    match result {
        Ok(()) => {
            println!("done");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

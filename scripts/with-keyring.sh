#!/bin/sh
# Run a command inside a D-Bus session with an unlocked GNOME Keyring (a real Secret Service),
# so the OS keystore tests use a real keystore, as on a Linux desktop. The keyring lives in a
# temporary folder, removed afterwards; the session ends with the command. Where dbus-run-session
# or gnome-keyring-daemon is missing the command runs as it is (and the keystore tests check the
# passphrase fallback instead) unless REFLECT_REQUIRE_KEYSTORE is set, as `make test` sets it.
set -e
if [ -z "$REFLECT_IN_KEYRING" ]; then
  if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
    REFLECT_IN_KEYRING=1 exec dbus-run-session -- "$0" "$@"
  fi
  exec "$@"
fi
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
# A password makes (and unlocks) a new login keyring, the default collection (an empty one
# makes none); only the secrets component.
printf 'reflect-test-keyring' | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"

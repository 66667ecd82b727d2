#!/usr/bin/env bash
# The package test (`make package-test`, part of `make test`): the built .deb is checked for what
# it declares and holds, installed with apt, started under Xvfb from /usr/bin to its set-up
# screen (tests/e2e/package.e2e.mjs), its CLI, man pages, completions and file type are checked
# where Debian puts them, and the package is removed again, leaving the machine as it was.
#
#   scripts/package-test.sh target/release/bundle/deb/Reflect_<version>_amd64.deb
#
# SUDO is prefixed to apt and dpkg (empty when run as root). The test refuses to run when a
# `reflect` package is already installed: it would replace and then remove someone's copy.
set -euo pipefail

deb=${1:?the .deb to test}
SUDO=${SUDO-}
root=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "package test: $*" >&2; exit 1; }
# (No `… | grep -q` or an early-exiting reader in a pipe: with pipefail, the writer's SIGPIPE
# would fail the test at random.)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
[ -f "$deb" ] || fail "$deb does not exist (make package builds it)"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | awk 'NR == 1')
package=$(dpkg-deb -f "$deb" Package)
echo "==> Package test: $package $version ($(du -h "$deb" | cut -f1))"

if installed "$package"; then
  fail "the $package package is already installed here; remove it first (the test installs and removes it)"
fi

## What the .deb declares and holds --------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is $(dpkg-deb -f "$deb" Version), not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for need in libwebkit2gtk-4.1-0 libgtk-3-0 libdbus-1-3; do
  grep -Eq "(^|, )$need(\$|,| )" <<<"$depends" || fail "Depends ($depends) does not name $need"
done
[ -n "$(dpkg-deb -f "$deb" Description)" ] || fail "no Description"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||; s|^|/|')
for path in /usr/bin/reflect-app /usr/bin/reflect /usr/share/applications/Reflect.desktop \
  /usr/share/man/man1/reflect.1.gz /usr/share/man/man1/reflect-add.1.gz \
  /usr/share/bash-completion/completions/reflect /usr/share/zsh/vendor-completions/_reflect \
  /usr/share/fish/vendor_completions.d/reflect.fish /usr/share/mime/packages/reflect.xml \
  /usr/share/icons/hicolor/128x128/apps/reflect-app.png; do
  grep -qx "$path" <<<"$contents" || fail "the .deb does not hold $path"
done

# Every library the two programs link is provided by a declared dependency or by one of theirs
# (libc and the rest of the essential set aside): a missing Depends would install cleanly here,
# where the build's -dev packages are present, and fail on a clean desktop.
work=$(mktemp -d)
cleanup() {
  if installed "$package"; then
    echo "==> Removing $package (cleanup)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$work/root"
declared=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//' | grep -v '^$')
closure=$( { echo "$declared"; apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances $declared 2>/dev/null | grep -v '^ ' | grep -v '^<'; } | sed 's/:.*//' | sort -u)
for bin in reflect-app reflect; do
  for lib in $(objdump -p "$work/root/usr/bin/$bin" | awk '/NEEDED/ {print $2}'); do
    file=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')
    [ -n "$file" ] || fail "$bin links $lib, which this machine does not have"
    owner=$(dpkg -S "$(readlink -f "$file")" 2>/dev/null | awk -F: 'NR == 1 {print $1}') || true
    [ -n "$owner" ] || owner=$(dpkg -S "$file" 2>/dev/null | awk -F: 'NR == 1 {print $1}') || true
    [ -n "$owner" ] || fail "$bin links $lib ($file), which no package owns"
    case "$owner" in libc6 | libgcc-s1 | libstdc++6) continue ;; esac
    grep -qx "$owner" <<<"$closure" || fail "$bin links $lib from $owner, which the .deb's Depends ($depends) does not bring"
  done
done
echo "    declares $depends; every linked library is covered"

## Installed ---------------------------------------------------------------------------------------
echo "==> Installing with apt"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
installed "$package" || fail "apt did not install $package"

[ "$(/usr/bin/reflect --version)" = "reflect $version" ] || fail "/usr/bin/reflect --version said '$(/usr/bin/reflect --version)'"
echo "    /usr/bin/reflect --version: $(/usr/bin/reflect --version)"
[ "$(zcat /usr/share/man/man1/reflect.1.gz | grep -c '^\.TH reflect 1')" = 1 ] || fail "reflect.1.gz is not a man page"
bash -c 'source /usr/share/bash-completion/completions/reflect && complete -p reflect' >/dev/null ||
  fail "the bash completion does not register for reflect"
grep -q '^Exec=reflect-app %F$' /usr/share/applications/Reflect.desktop || fail "the desktop entry does not pass files to the app"
grep -q '^MimeType=application/x-reflectpack$' /usr/share/applications/Reflect.desktop ||
  fail "the desktop entry does not name the .reflectpack type"
# shared-mime-info comes with GTK; desktop-file-utils is one of `make setup`'s packages.
grep -qs 'reflectpack' /usr/share/mime/globs2 || fail "the .reflectpack type is not in the MIME database after install"
desktop-file-validate /usr/share/applications/Reflect.desktop || fail "the desktop entry is not valid"

echo "==> Starting the installed app under Xvfb"
(cd "$root/tests/e2e" && REFLECT_APP=/usr/bin/reflect-app REFLECT_CLI=/usr/bin/reflect \
  xvfb-run -a -s "-screen 0 1280x1024x24" node --test --test-reporter=spec package.e2e.mjs)

## Removed -----------------------------------------------------------------------------------------
echo "==> Removing with apt"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null
if installed "$package"; then
  fail "$package is still installed after apt-get remove"
fi
for path in /usr/bin/reflect-app /usr/bin/reflect /usr/share/man/man1/reflect.1.gz /usr/share/mime/packages/reflect.xml; do
  [ ! -e "$path" ] || fail "$path is left behind after removal"
done
if grep -qs 'reflectpack' /usr/share/mime/globs2; then
  fail "the .reflectpack type is left in the MIME database after removal"
fi
echo "==> Package test passed: installed, started, checked and removed"

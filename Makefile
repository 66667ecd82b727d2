# Reflect: two commands.
#   make run   sets up whatever is missing, builds, and opens the app
#   make test  sets up the same, then runs every check and test, end-to-end included
# Set-up steps skip what is already done (installed packages, built tools, npm installs).

SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth webkit2gtk-driver poppler-utils python3 python3-venv \
	perl libdbus-1-dev dbus gnome-keyring fonts-droid-fallback desktop-file-utils
TAURI_DRIVER_VERSION := 2.1.0
# The Tauri CLI that makes the packages (`make package`), pinned: `cargo tauri` when that version
# is installed (`cargo install tauri-cli --version 2.12.4 --locked`), else the same release's
# prebuilt build from npm (@tauri-apps/cli, installed once into target/tools/tauri-cli), because
# building it with cargo takes 13.5 minutes on a 2-core machine (DEPLOYMENT.md).
TAURI_CLI_VERSION := 2.12.4
TAURI_NPM_DIR := target/tools/tauri-cli
TAURI = $(if $(shell cargo tauri --version 2>/dev/null | grep -Fx "tauri-cli $(TAURI_CLI_VERSION)"),cargo tauri,$(CURDIR)/$(TAURI_NPM_DIR)/node_modules/.bin/tauri)
NODE_MIN := 20.19
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CARGO_TERM_COLOR ?= never

# One feature resolution for every step (tests' dev-dependencies switch on features deep in the
# GTK stack; building the app alone would then rebuild ~30 crates), so the app, the tests and the
# end-to-end run share one build.
BUILD := cargo build --workspace --all-targets

UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/package.json

.PHONY: run test setup system-deps rust-check node-check tauri-driver ui bindings \
        check-invariants lint rust-tests ui-tests e2e bench bench-scale bench-app bench-privacy \
        privacy-script-tests clean crash-test writers fuzz tauri-cli release-build package package-test icons

## Set-up ---------------------------------------------------------------------------------------

setup: system-deps rust-check node-check tauri-driver ui/node_modules/.installed tests/e2e/node_modules/.installed

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "==> Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "==> System packages present"; fi

rust-check:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs (stable), then run make again." >&2; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt 2>/dev/null || true

node-check:
	@command -v node >/dev/null || { echo "==> Installing Node.js"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number);const [x,y]="$(NODE_MIN)".split(".").map(Number);process.exit(a>x||(a==x&&b>=y)?0:1)' \
	  || { echo "Node.js $(NODE_MIN) or newer is needed (found $$(node --version)); install a newer Node.js and run make again." >&2; exit 1; }

tauri-driver:
	@command -v tauri-driver >/dev/null || { echo "==> Installing tauri-driver $(TAURI_DRIVER_VERSION)"; cargo install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; }

ui/node_modules/.installed: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	touch $@

tests/e2e/node_modules/.installed: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Build ----------------------------------------------------------------------------------------

ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run --silent build

# Regenerate ui/src/bindings from the Rust types (the test suite fails if they drift).
bindings:
	REFLECT_UPDATE_BINDINGS=1 cargo test -q -p reflect-tests --test bindings

run: setup ui
	$(BUILD)
	./target/debug/reflect-app

## Tests ----------------------------------------------------------------------------------------

# The release build the package test needs (12 minutes from a clean clone on 2 cores) runs in
# the background at the lowest priority while the tests run, using the CPU they leave idle
# (they wait on processes, the window and the clock); its log is target/release-build.log. It is
# a process group of its own, so that a failing test stops the whole build too.
test: setup ui
	$(MAKE) --no-print-directory check-invariants lint privacy-script-tests
	$(BUILD)
	@mkdir -p target; echo "==> Building the release app and CLI in the background, at low priority (target/release-build.log)"; \
	setsid nice -n 19 $(MAKE) --no-print-directory release-build > target/release-build.log 2>&1 & release=$$!; \
	trap 'kill -- -$$release 2>/dev/null' EXIT; \
	$(MAKE) --no-print-directory rust-tests ui-tests e2e || exit 1; \
	echo "==> Waiting for the release build"; \
	if ! wait $$release; then tail -50 target/release-build.log >&2; echo "The release build failed" >&2; exit 1; fi; \
	trap - EXIT; tail -1 target/release-build.log
	$(MAKE) --no-print-directory package-test
	@echo "==> All checks and tests passed"

check-invariants:
	@echo "==> reflect-core must not depend on Tauri"
	@if cargo tree -p reflect-core -e normal,build --prefix none | grep -Eq '^tauri'; then \
	  echo "reflect-core depends on tauri:" >&2; cargo tree -p reflect-core -i tauri >&2; exit 1; fi
	@echo "==> reflect-pdf must not depend on Tauri"
	@if cargo tree -p reflect-pdf -e normal,build --prefix none | grep -Eq '^tauri'; then \
	  echo "reflect-pdf depends on tauri:" >&2; cargo tree -p reflect-pdf -i tauri >&2; exit 1; fi

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run --silent typecheck && npm run --silent lint

# In a D-Bus session with GNOME Keyring (scripts/with-keyring.sh), so the OS keystore tests run
# against a real Secret Service; REFLECT_REQUIRE_KEYSTORE makes a missing one a failure.
rust-tests:
	$(BUILD)
	REFLECT_REQUIRE_KEYSTORE=1 scripts/with-keyring.sh cargo test --workspace

ui-tests:
	cd ui && npm test

# The privacy benchmark's scoring and corpus validator (pure Python, no venv), and the held-out
# set checked against its authoring file (tests/privacy/README.md).
privacy-script-tests:
	python3 scripts/bench_privacy.py --self-test
	python3 scripts/bench_privacy.py --validate tests/privacy/heldout*.jsonl

e2e: tests/e2e/node_modules/.installed ui
	$(BUILD)
	rm -rf target/e2e-screenshots
	cd tests/e2e && xvfb-run -a -s "-screen 0 1280x1024x24" npm test

## Packages (DEPLOYMENT.md) ---------------------------------------------------------------------

tauri-cli: node-check
	@if [ "$$($(TAURI) --version 2>/dev/null)" != "tauri-cli $(TAURI_CLI_VERSION)" ]; then \
	  echo "==> Installing the Tauri CLI $(TAURI_CLI_VERSION) (@tauri-apps/cli) into $(TAURI_NPM_DIR)"; \
	  mkdir -p $(TAURI_NPM_DIR) && npm install --prefix $(TAURI_NPM_DIR) --no-save --no-package-lock \
	    --no-audit --no-fund --loglevel=error @tauri-apps/cli@$(TAURI_CLI_VERSION); fi
	@found=$$($(TAURI) --version 2>/dev/null); \
	if [ "$$found" = "tauri-cli $(TAURI_CLI_VERSION)" ]; then echo "==> $$found ($(TAURI))"; \
	else echo "The Tauri CLI $(TAURI_CLI_VERSION) is needed, but $(TAURI) gave '$$found'." >&2; exit 1; fi

# Every icon size and format from src-tauri/icons/source.svg (the results are committed; the
# Android, iOS and Windows Store sizes are not used).
icons: tauri-cli
	cd src-tauri && $(TAURI) icon icons/source.svg --output icons
	rm -rf src-tauri/icons/android src-tauri/icons/ios src-tauri/icons/Square*.png src-tauri/icons/StoreLogo.png

# The release app and CLI: one build that the packages and the app-start benchmark share. Tauri
# embeds ui/dist when the app compiles, so a newer UI build makes the app compile again.
RELEASE_DIR = $${CARGO_TARGET_DIR:-target}/release
# (Only a release app that exists and is older than the UI: touching build.rs makes the debug
# build compile the app again too.)
release-build: ui
	@if [ -e "$(RELEASE_DIR)/reflect-app" ] && [ ui/dist/index.html -nt "$(RELEASE_DIR)/reflect-app" ]; then touch src-tauri/build.rs; fi
	cargo build --release -p reflect-app -p reflect-cli --bin reflect-app --bin reflect

# The Linux packages from the release build: a .deb (the app, /usr/bin/reflect, its man pages and
# shell completions, the .reflectpack file type) and, when linuxdeploy can be fetched from GitHub,
# an AppImage. PACKAGE_BUNDLES overrides the choice (deb, appimage, or both, comma-separated).
# The CLI's extra files are staged in target/package/stage, where tauri.conf.json's
# bundle.linux.deb.files expects them.
STAGE := target/package/stage
PACKAGE_BUNDLES ?= $(shell if [ -e "$${XDG_CACHE_HOME:-$$HOME/.cache}/tauri/linuxdeploy-x86_64.AppImage" ] || \
	curl -fsI --max-time 5 https://github.com >/dev/null 2>&1; then echo deb,appimage; else echo deb; fi)
package: setup tauri-cli release-build
	rm -rf $(STAGE) && mkdir -p $(STAGE)/man1 $(STAGE)/completions
	cp "$(RELEASE_DIR)/reflect" $(STAGE)/reflect
	$(STAGE)/reflect manpage --out-dir $(STAGE)/man1 >/dev/null && gzip -n -9 $(STAGE)/man1/*.1
	$(STAGE)/reflect completions bash > $(STAGE)/completions/reflect.bash
	$(STAGE)/reflect completions zsh > $(STAGE)/completions/_reflect
	$(STAGE)/reflect completions fish > $(STAGE)/completions/reflect.fish
	@case "$(PACKAGE_BUNDLES)" in *appimage*) ;; *) echo "==> AppImage skipped: it needs linuxdeploy from GitHub, which this machine cannot reach (DEPLOYMENT.md)";; esac
	cd src-tauri && $(TAURI) bundle --bundles $(PACKAGE_BUNDLES)
	@ls -l "$(RELEASE_DIR)"/bundle/*/*.deb "$(RELEASE_DIR)"/bundle/*/*.AppImage 2>/dev/null || true

# Install the built .deb with apt, check what it put where, start the installed app under Xvfb
# to its set-up screen, run the installed `reflect --version`, and remove the package again
# (scripts/package-test.sh).
package-test: package tests/e2e/node_modules/.installed
	SUDO="$(SUDO)" scripts/package-test.sh "$(RELEASE_DIR)"/bundle/deb/Reflect_$$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)_amd64.deb

bench:
	cargo bench -p reflect-core --bench journal
	$(MAKE) --no-print-directory bench-scale
	cargo bench -p reflect-core --bench packs
	cargo bench -p reflect-core --bench privacy
	cargo bench -p reflect-core --bench encryption
	cargo bench -p reflect-core --bench hr_figures
	cargo bench -p reflect-pdf --bench pdf
	cargo bench -p reflect-pdf --bench hr
	cargo bench -p reflect-cli --bench export
	$(MAKE) --no-print-directory writers
	$(MAKE) --no-print-directory bench-app

# The app-start benchmark (tests/src/bin/app_start.rs): the release app under Xvfb at 30 and
# 5,000 reflections, launch to the journal list on screen and PSS of all its processes, medians
# of APP_LAUNCHES (5) launches. The release build is incremental; Tauri embeds ui/dist when the
# app compiles, so a newer UI build makes the app compile again.
APP_LAUNCHES ?= 5
bench-app: release-build
	cargo build --release -p reflect-tests --bin app_start
	xvfb-run -a -s "-screen 0 1280x1024x24" "$(RELEASE_DIR)/app_start" --launches $(APP_LAUNCHES)

# Reflect beside raw SQLite FTS5 on a generated journal of BENCH_SCALE (250,000) reflections, built
# once into the target folder (never committed): search, durable save, file size, and
# `reflect search --all` as a process (the release CLI).
BENCH_SCALE ?= 250000
bench-scale: release-build
	REFLECT_BENCH_SCALE=$(BENCH_SCALE) REFLECT_BENCH_CLI="$${CARGO_TARGET_DIR:-$(CURDIR)/target}/release/reflect" \
	  cargo bench -p reflect-core --bench scale

# The privacy check beside Microsoft Presidio and scrubadub (issue 13; scripts/bench_privacy.py,
# tests/privacy/README.md): the hand-written held-out set in tests/privacy/heldout.jsonl and, once
# the generator exists, the generated corpus (target/privacy-corpus.jsonl), each text through
# `reflect check --text - --json` and through Presidio 2.2.366 + spaCy en_core_web_sm 3.8.0 with
# the UK recognisers on. Presidio is pip-installed on first use into a virtual environment outside
# the repository (PRESIDIO_VENV, default $${XDG_CACHE_HOME:-~/.cache}/reflect/presidio-venv) and
# kept. Prints the side-by-side table and writes target/bench-privacy.md.
# BENCH_PRIVACY_PROFILE=dev uses a debug CLI instead of a release one.
BENCH_PRIVACY_PROFILE ?= release
BENCH_PRIVACY_DIR = $${CARGO_TARGET_DIR:-$(CURDIR)/target}/$(if $(filter dev,$(BENCH_PRIVACY_PROFILE)),debug,$(BENCH_PRIVACY_PROFILE))
bench-privacy:
	cargo build --profile $(BENCH_PRIVACY_PROFILE) -p reflect-cli
	@if [ -f tests/src/bin/privacy_corpus.rs ] || grep -qs '"privacy_corpus"' tests/Cargo.toml; then \
	  echo "==> Generating the privacy corpus"; \
	  cargo run -q -p reflect-tests --bin privacy_corpus -- "$${CARGO_TARGET_DIR:-target}/privacy-corpus.jsonl"; \
	else echo "==> No privacy_corpus generator yet: the held-out set only"; \
	  rm -f "$${CARGO_TARGET_DIR:-target}/privacy-corpus.jsonl"; fi
	REFLECT_BIN="$(BENCH_PRIVACY_DIR)/reflect" python3 scripts/bench_privacy.py
	cargo bench -p reflect-core --bench privacy

# Eight writers on one journal: 4 `reflect add` processes and 4 in-process stores, WRITERS_SECONDS
# (60) long; prints acknowledged saves, failures and lost saves, and fails unless both are 0.
WRITERS_SECONDS ?= 60
writers:
	$(BUILD)
	"$${CARGO_TARGET_DIR:-target}/debug/writers" --seconds $(WRITERS_SECONDS)

## Campaigns (see ARCHITECTURE.md, "Durability and concurrency") -------------------------------

# The kill -9 campaign with more rounds than the 20 that `make test` runs.
ROUNDS ?= 200
crash-test:
	REFLECT_CRASH_ROUNDS=$(ROUNDS) cargo test --workspace --test crash -- --nocapture

# Every cargo-fuzz target (`cargo fuzz list`; fuzz/README.md) for FUZZ_SECONDS (60) each, from the
# committed seeds in fuzz/seeds/<target>; the growing corpus stays in fuzz/corpus/ (not committed).
# RUSTC_BOOTSTRAP=1 lets the stable toolchain take the sanitizer flags cargo-fuzz passes.
FUZZ_SECONDS ?= 60
fuzz:
	@command -v cargo-fuzz >/dev/null || { echo "==> Installing cargo-fuzz"; cargo install cargo-fuzz --locked; }
	@set -e; for t in $$(cargo fuzz list); do \
	  echo "==> Fuzzing $$t for $(FUZZ_SECONDS) s"; mkdir -p fuzz/corpus/$$t; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t fuzz/corpus/$$t $$([ -d fuzz/seeds/$$t ] && echo fuzz/seeds/$$t) \
	    -- -max_total_time=$(FUZZ_SECONDS); \
	done

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules

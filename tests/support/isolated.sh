#!/usr/bin/env bash
# isolated.sh CMD [ARGS…] — run one test with a fresh, private HOME and XDG folders, so no test
# reads or writes the real user's settings, audit log, demo workspace or keyring (the programs
# a test starts inherit the same folders). The folder is removed afterwards.
set -u
home=$(mktemp -d "${TMPDIR:-/tmp}/feather-test-home.XXXXXX") || exit 1
trap 'rm -rf "$home"' EXIT
export HOME="$home"
export XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
export XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state"
export XDG_RUNTIME_DIR="$home/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
"$@"

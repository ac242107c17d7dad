#!/bin/sh
# Installs the system packages notesctl needs on Debian/Ubuntu.
#   scripts/install-deps.sh          build: libsqlite3-dev, libedit-dev (and the static archives libedit needs)
#   scripts/install-deps.sh --test   also what the test suite drives: sqlite3, jq, mandoc, bash-completion, zsh, fish
set -eu
packages="libsqlite3-dev libedit-dev libncurses-dev libbsd-dev libmd-dev pkg-config"
if [ "${1:-}" = "--test" ]; then
    packages="$packages sqlite3 jq mandoc bash-completion zsh fish util-linux procps"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

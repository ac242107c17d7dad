#!/bin/sh
# notesctl against the sqlite3 CLI, side by side: builds a release binary, then runs bench/bench.py.
#
#   bench/run.sh [bench.py options]      e.g. --runs 50, --fresh, --only show,write, --count 20000
#
# Environment:
#   NOTESCTL_BIN=PATH   benchmark this binary; build nothing
#   BENCH_SOURCE=head   build the last commit (a `git archive HEAD` snapshot) instead of the working tree
#
# The release build goes to .build-bench (not .build/release) so that benchmarking never fights
# another build over one folder. Needs: swift, python3, sqlite3, hyperfine, GNU time (/usr/bin/time).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in python3 sqlite3 hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed (apt-get install ${tool##*/})" >&2; exit 1; }
done

if [ -n "${NOTESCTL_BIN:-}" ]; then
    bin=$NOTESCTL_BIN
else
    src=$root
    if [ "${BENCH_SOURCE:-}" = head ]; then
        src=$root/.build-bench/head-src
        rm -rf "$src"
        mkdir -p "$src"
        git archive HEAD | tar -x -C "$src"
        # Git keeps no empty folders: give any test target without files one, so the package loads.
        for t in $(sed -n 's/.*testTarget(name: "\([A-Za-z]*\)".*/\1/p' "$src/Package.swift"); do
            [ -d "$src/Tests/$t" ] || { mkdir -p "$src/Tests/$t"; : >"$src/Tests/$t/Empty.swift"; }
        done
        echo "bench: building commit $(git rev-parse --short HEAD) (BENCH_SOURCE=head)" >&2
    fi
    # The same fully static build as `make release` (see the Makefile for why).
    # shellcheck disable=SC2046
    swift build --package-path "$src" -c release $(make -s -C "$root" print-release-flags) --scratch-path "$root/.build-bench" --product notesctl >&2
    bin=$root/.build-bench/release/notesctl
fi

exec python3 bench/bench.py --notesctl "$bin" "$@"

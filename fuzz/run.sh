#!/bin/sh
# libFuzzer campaigns against the argument lexer, the search query builder and the JSON parser.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 60 seconds for each of FuzzLexer FuzzSearchQuery FuzzJSON
#   fuzz/run.sh 0                         build, and replay fuzz/regressions only
#   FUZZ_CONFIG=debug fuzz/run.sh 8       a debug build: builds in a third of the time, runs ~10x slower
#                                         (what the test suite uses for its short campaign)
#
# Not part of the package's normal build: this stages a copy of the package (its manifest and
# Sources, without the test targets and the executable) plus fuzz/Targets under
# fuzz/.build/pkg, and builds that with -sanitize=fuzzer,address. Seeds: fuzz/corpus/TARGET
# (kept in git); the growing corpus and any crash inputs: fuzz/.build/{corpus,artifacts}/TARGET.
# Exits non-zero when a target crashes; reproduce with: fuzz/.build/pkg/.build/release/TARGET CRASH_FILE
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-FuzzLexer FuzzSearchQuery FuzzJSON}
config=${FUZZ_CONFIG:-release}
work=$root/fuzz/.build
stage=$work/pkg

mkdir -p "$stage"
# Copy only what changed (cp -u), and drop what is gone: unchanged files keep their inode and
# time stamps, so the build stays incremental.
sync_tree() {
    mkdir -p "$2"
    cp -Rpu "$1/." "$2/"
    (cd "$2" && find . -type f) | while read -r f; do [ -e "$1/$f" ] || rm -f "$2/$f"; done
}
sync_tree Sources "$stage/Sources"
sync_tree fuzz/Targets "$stage/Fuzz"
cp -p Package.swift "$stage/Package.swift"
cat >>"$stage/Package.swift" <<'SWIFT'

// Appended by fuzz/run.sh: only the library targets, plus one executable per libFuzzer target.
package.products = []
package.targets.removeAll { $0.type == .test || $0.type == .executable || $0.name == "TestSupport" }
for name in ["FuzzLexer", "FuzzSearchQuery", "FuzzJSON"] {
    package.targets.append(.executableTarget(name: name, dependencies: ["NotesCLI"], path: "Fuzz/\(name)"))
}
SWIFT

echo "fuzz: building $targets ($config) with -sanitize=fuzzer,address" >&2
# Both spellings are needed: SwiftPM's --sanitize fuzzer keeps the executables' entry point for
# libFuzzer's main (with -Xswiftc alone SwiftPM renames it and the link fails), but it passes
# -sanitize=fuzzer and -sanitize=address as two flags, and the last one wins: no coverage. The
# combined -Xswiftc -sanitize=fuzzer,address comes last and instruments for both.
swift build --package-path "$stage" -c "$config" --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing >&2

# Swift's own crash backtracer gets in ASan's way (it reads memory ASan reports as a crash of
# its own): turn it off so a report shows the Swift fatal error and the ASan stack only.
export SWIFT_BACKTRACE=enable=no
status=0
for t in $targets; do
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "fuzz/corpus/$t"
    bin=$stage/.build/$config/$t
    # Inputs that once crashed a target (fuzz/regressions/TARGET) must not crash it again.
    for r in fuzz/regressions/"$t"/*; do
        [ -f "$r" ] || continue
        if ! "$bin" "$r" >"$work/$t.regression.log" 2>&1; then
            status=1
            echo "fuzz: $t still crashes on $r:" >&2
            grep -E "Fatal error|ERROR" "$work/$t.regression.log" | head -3 >&2
        fi
    done
    [ "$seconds" -gt 0 ] || continue
    dict=""
    [ -f "fuzz/dict/$t.dict" ] && dict="-dict=fuzz/dict/$t.dict"
    echo "fuzz: $t for ${seconds}s" >&2
    # shellcheck disable=SC2086
    if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
            -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" $dict \
            "$work/corpus/$t" "fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
        status=1
        echo "fuzz: $t FOUND A CRASH — see $work/$t.log and $work/artifacts/$t/" >&2
        grep -E "Fatal error|ERROR: |SUMMARY|Test unit written" "$work/$t.log" | head -6 >&2
    else
        grep -E "DONE|^stat::number_of_executed_units" "$work/$t.log" | tail -2 >&2
    fi
done
exit $status

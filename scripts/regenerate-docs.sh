#!/bin/sh
# Regenerates what is generated from the command table: the completion scripts in completions/
# and the man page man/notesctl.1. Run it after adding or changing a command or option, and
# commit the result: the Docs golden tests fail until the committed files match the generators.
#   scripts/regenerate-docs.sh
set -eu
cd "$(dirname "$0")/.."
swift build --product notesctl >/dev/null
bin="$(swift build --show-bin-path)/notesctl"
mkdir -p completions man
"$bin" completion bash > completions/notesctl.bash
"$bin" completion zsh > completions/_notesctl
"$bin" completion fish > completions/notesctl.fish
"$bin" __manpage > man/notesctl.1
if command -v mandoc >/dev/null 2>&1; then
    mandoc -Tlint -W warning man/notesctl.1
fi
echo "regenerated completions/notesctl.bash completions/_notesctl completions/notesctl.fish man/notesctl.1"

# notesctl: the two commands of the README.
#   make install   system packages, a release build, and notesctl + man page + completions in place
#   make test      the whole test suite
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all deps build release install test bench clean

all: build

deps:
	scripts/install-deps.sh

build:
	swift build

release:
	swift build -c release --static-swift-stdlib

install: deps release
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 .build/release/notesctl $(BINDIR)/notesctl
	install -m 0644 man/notesctl.1 $(MANDIR)/notesctl.1
	install -m 0644 completions/notesctl.bash $(BASHDIR)/notesctl
	install -m 0644 completions/_notesctl $(ZSHDIR)/_notesctl
	install -m 0644 completions/notesctl.fish $(FISHDIR)/notesctl.fish
	-mandb -q >/dev/null 2>&1 || true

test:
	swift build --build-tests
	swift test --skip-build

bench: release
	bench/run.sh

clean:
	rm -rf .build

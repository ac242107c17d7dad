# notesctl: the two commands of the README.
#   make install   system packages, a release build, and notesctl + man page + completions in place
#   make test      the whole test suite
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all deps build release print-release-flags install test bench clean

all: build

deps:
	scripts/install-deps.sh

build:
	swift build

# A fully static executable: no dynamic loader work at start-up, which is most of what
# separates a Swift binary's start-up from the sqlite3 CLI's (see bench/).
# libedit's static archive needs its private dependencies named (pkg-config --static libedit).
STATIC_FLAGS = --static-swift-stdlib -Xswiftc -static-executable -Xlinker -ltinfo -Xlinker -lbsd -Xlinker -lmd
# Type metadata through accessor functions instead of mangled names that the runtime demangles
# on first use: about 250,000 fewer instructions at every start-up (callgrind; see bench/).
METADATA_FLAGS = -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
RELEASE_FLAGS = $(STATIC_FLAGS) $(METADATA_FLAGS)

release:
	swift build -c release $(RELEASE_FLAGS)

# For scripts that build their own release binary (bench/run.sh): one definition of the flags.
print-release-flags:
	@echo $(RELEASE_FLAGS)

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

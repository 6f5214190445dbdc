# autoheal — setup, demo and tests on a fresh Debian machine (run as root, or with the packages present).
SWIFT ?= swift
APT_PACKAGES := libgit2-dev libsqlite3-dev pkg-config git sqlite3
TEST_PACKAGES := chromium

.PHONY: setup setup-test build release install demo test bench embed clean
PREFIX ?= /usr/local

## setup: install the Debian packages autoheal builds against, when missing.
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get install -y $$missing >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $$missing; }; \
	fi

## setup-test: setup, plus what the report checks use (headless Chromium, prometheus-client).
setup-test: setup
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get install -y $$missing >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y $$missing; }; \
	fi
	@python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install -q prometheus-client

## build: a debug build. Like every build here it links libgit2 statically (scripts/static-libgit2.sh),
## which lets the line tracer call libgit2's xdiff directly (Sources/CLibGit2Support/xdiff_hunks.c).
STATIC_LINK := $(CURDIR)/.build/static-link
build: setup
	./scripts/static-libgit2.sh $(STATIC_LINK)
	PKG_CONFIG_PATH=$(STATIC_LINK) $(SWIFT) build

## release: an optimised binary with the Swift runtime and libgit2 linked in (starts faster: hooks call
## it). See scripts/static-libgit2.sh for what is linked statically, and why.
release: setup
	./scripts/static-libgit2.sh $(STATIC_LINK)
	PKG_CONFIG_PATH=$(STATIC_LINK) $(SWIFT) build -c release --static-swift-stdlib -Xlinker -L$(STATIC_LINK)/cxx

## install: the binaries (`autoheal` in bin; `autoheal-full`, which it runs for all but plain links, in
## libexec/autoheal), shell completions (bash, zsh, fish) and the man page, generated from the commands.
install: release
	install -d $(PREFIX)/bin $(PREFIX)/libexec/autoheal $(PREFIX)/share/man/man1 $(PREFIX)/share/bash-completion/completions \
	  $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/autoheal $(PREFIX)/bin/autoheal
	install -m 755 .build/release/autoheal-full $(PREFIX)/libexec/autoheal/autoheal-full
	./.build/release/autoheal --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/autoheal
	./.build/release/autoheal --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_autoheal
	./.build/release/autoheal --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/autoheal.fish
	python3 scripts/gen-manpage.py .build/release/autoheal > $(PREFIX)/share/man/man1/autoheal.1
	@echo "installed autoheal, its completions and man page under $(PREFIX)"

## demo: set up, build, install, and run the end-to-end demo on built-in sample data.
demo: install
	$(PREFIX)/bin/autoheal demo

## test: build and run every test.
## With libgit2 linked statically (AUTOHEAL_STATIC_BUILD=1) the tests require the direct xdiff path and
## an `autoheal` that loads none of the libraries linked statically.
test: setup-test
	./scripts/static-libgit2.sh $(STATIC_LINK)
	PKG_CONFIG_PATH=$(STATIC_LINK) $(SWIFT) build --build-tests
	AUTOHEAL_STATIC_BUILD=$$(test -f $(STATIC_LINK)/libgit2.pc && echo 1 || echo 0) $(SWIFT) test --skip-build

## bench: the benchmarks (release build); figures go to stdout.
bench: release
	./Benchmarks/import-and-report.sh
	./Benchmarks/sync.sh
	./Benchmarks/hooks.sh

## embed: recompile Hooks/, Templates/ and the sample agent into the binary's sources (tests check they match).
embed:
	python3 scripts/embed.py EmbeddedHooks Sources/AutohealLanding/EmbeddedHooks.swift Hooks
	python3 scripts/embed.py EmbeddedTemplates Sources/AutohealPrevent/EmbeddedTemplates.swift Templates .mustache .yml
	python3 scripts/embed.py EmbeddedSampleAgent Sources/AutohealCLI/Demo/EmbeddedSampleAgent.swift examples/sample-agent agent.sh

clean:
	rm -rf .build

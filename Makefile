# autoheal — setup, demo and tests on a fresh Debian machine (run as root, or with the packages present).
SWIFT ?= swift
APT_PACKAGES := libgit2-dev libsqlite3-dev pkg-config git sqlite3
TEST_PACKAGES := chromium

.PHONY: setup setup-test build release demo test bench clean

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
	@python3 -c 'import prometheus_client' 2>/dev/null || pip install -q prometheus-client

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

## demo: build and run the end-to-end demo on built-in sample data.
demo: build
	./.build/debug/autoheal demo

## test: build and run every test.
test: setup-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: the benchmarks (release build); figures go to stdout.
bench: release
	./Benchmarks/import-and-report.sh

clean:
	rm -rf .build

# torikumi: make run | make test | make build
.PHONY: all deps build build-debug build-fuzz build-tsan package run test fuzz soak bench sbom clean

DB ?= var/torikumi.db
LISTEN ?= 127.0.0.1:8080
SEED := data/kawanishi-r7-process-sheet.tsv
# The sample sheet's own publication date: the end of fiscal year R7.
PUBLISH_ON := 2026-03-31

all: build

deps:
	@scripts/install-deps.sh

# The release build: build/release/torikumi
build: deps
	@test -f build/release/build.ninja || cmake --preset release
	@cmake --build --preset release

# The debug build with AddressSanitizer and UndefinedBehaviorSanitizer, and the tests.
build-debug: deps
	@test -f build/debug/build.ninja || cmake --preset debug
	@cmake --build --preset debug

# Imports the sample sheet (a no-op when already imported) and serves it.
run: build
	@mkdir -p $(dir $(DB))
	@build/release/torikumi import $(SEED) --db $(DB) --publish $(PUBLISH_ON)
	@build/release/torikumi serve --db $(DB) --listen $(LISTEN)

# The Debian package of the release build: build/package/torikumi_VERSION_amd64.deb
# (docs/deploy/README.md installs it).
package: build
	@cd build/release && cpack -G DEB -B $(CURDIR)/build/package >/dev/null
	@ls build/package/torikumi_*_amd64.deb

# The libFuzzer targets, built with clang: build/fuzz/fuzz/*_fuzzer
build-fuzz: deps
	@test -f build/fuzz/build.ninja || cmake --preset fuzz
	@cmake --build --preset fuzz

# The test binary under ThreadSanitizer, for the concurrency tests.
build-tsan: deps
	@test -f build/tsan/build.ninja || cmake --preset tsan
	@cmake --build --preset tsan

# The release build and its package too: build.hardening, build.sbom and the deploy tests
# read them.
test: build package build-fuzz build-tsan build-debug
	@ctest --preset debug -j2

# Each fuzz target for FUZZ_SECONDS (default 300) on a copy of its corpus.
FUZZ_SECONDS ?= 300
fuzz: build-fuzz
	@for t in month_set cell sheet json xlsx http multipart cp932 http_request; do fuzz/run.sh build/fuzz $$t $(FUZZ_SECONDS) || exit 1; done

# Crash safety at length: SOAK_KILLS (200) SIGKILLs under concurrent writes, then imports
# killed at random moments; then the I/O-error loop at every N (make test steps N by 7).
SOAK_KILLS ?= 200
soak: build-debug
	@TORIKUMI_BIN=build/debug/torikumi TORIKUMI_SOURCE_DIR=$(CURDIR) node tests/soak/crash.mjs $(SOAK_KILLS) 8000
	@TORIKUMI_FAULT_STRIDE=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  build/debug/tests/torikumi_tests --gtest_filter='FaultsTest.*' --gtest_brief=1

# The benchmarks, on the release build: tables of figures, each beside its baseline
# measured in the same run. BENCH_MUNICIPALITIES (1741, the whole country) sets the size of
# the national dataset; its sheets and databases go to BENCH_DIR.
BENCH_MUNICIPALITIES ?= 1741
BENCH_DIR ?= var/bench
bench: build
	@bench/documents.sh build/release
	@bench/sizes.sh build/release
	@mkdir -p $(BENCH_DIR)
	@bench/national.sh build/release sqlite $(BENCH_MUNICIPALITIES) $(BENCH_DIR)
	@tests/store/with_postgres.sh bench/national.sh build/release postgresql $(BENCH_MUNICIPALITIES) $(BENCH_DIR)
	@for n in 300 3000; do \
	  bench/workspace.sh build/release sqlite $$n $(BENCH_DIR) && \
	  tests/store/with_postgres.sh bench/workspace.sh build/release postgresql $$n $(BENCH_DIR) || exit 1; \
	done

# The software bill of materials, CycloneDX 1.5: the Debian packages the release binary
# loads and those that build and test it (scripts/packages.txt), with this machine's
# versions, and the browser tests' npm packages.
sbom: build
	@scripts/sbom.py build/sbom.cdx.json build/release/torikumi

clean:
	rm -rf build

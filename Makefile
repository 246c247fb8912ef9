# Tribune's two commands: `make demo` (install, build, serve the demo site) and `make test`.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc)

.PHONY: build-fuzz demo test test-sanitize test-asan test-tsan test-tsan-store build deps deps-test bench bench-newsroom bench-several bench-search bench-wordpress bench-flood bench-backup fuzz fuzz-merge security format clean

demo: deps build
	./$(BUILD)/tribune demo --data $(BUILD)/demo-data --listen 127.0.0.1:8080

test: deps-test test-tsan-store
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd tests/browser && npm ci --no-audit --no-fund --silent
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Sanitizer settings for every test and every tribune process the tests start (they inherit
# the environment). A report stops the process with an error status, and the tests fail on it
# (tests/support/process.cpp, tests/browser/support.mjs); tests/sanitizers/ holds the
# suppressions, each for a third-party library's false positive.
SANITIZERS := $(CURDIR)/tests/sanitizers
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1 \
  LSAN_OPTIONS=suppressions=$(SANITIZERS)/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(SANITIZERS)/ubsan.supp
TSAN_ENV := TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(SANITIZERS)/tsan.supp"
TSAN_CONFIGURE := cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUNE_SANITIZE=thread

# Both sanitizer runs: the whole suite under ASan+UBSan, the threaded parts under TSan.
test-sanitize: test-asan test-tsan

# Every test (unit, integration against the real binary, browser) built with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
test-asan: deps-test
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUNE_SANITIZE=address,undefined
	cmake --build build-asan -j $(JOBS)
	cd tests/browser && npm ci --no-audit --no-fund --silent
	cd build-asan && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS)

# The store's contract tests (concurrent readers and a writer among them) under ThreadSanitizer:
# the part of test-tsan that `make test` runs.
test-tsan-store: deps-test
	$(TSAN_CONFIGURE)
	cmake --build build-tsan -j $(JOBS) --target store_tests
	cd build-tsan && $(TSAN_ENV) ctest --output-on-failure -j $(JOBS) -R "^Backends/"

# Everything that shares memory between threads, under ThreadSanitizer: the store's contract,
# the HTTP server and its page cache, the view counter and crawler detector, the workers, and
# the real (TSan-built) server under the CLI tests that serve, count views and cache pages.
TSAN_TESTS := ^(Backends/|(HandlerTest|ArticleStatesTest|Compression|Router|Request|Form|Multipart|MultipartBoundary|ClientAddress|ViewCounterTest|CrawlerDetector|ContentWatcherTest|ServerLifecycle|ServerTest|Views|NewsroomCacheTest|HostileRequestsTest)\.)
test-tsan: deps-test
	$(TSAN_CONFIGURE)
	cmake --build build-tsan -j $(JOBS) --target store_tests http_tests audience_tests workers_tests cli_tests
	cd build-tsan && $(TSAN_ENV) ctest --output-on-failure -j $(JOBS) -R "$(TSAN_TESTS)"

build:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS) --target tribune

deps:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

bench:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/run.sh build-release/tribune
	bench/mail.sh build-release/tribune
	bench/newsroom.sh build-release/tribune
	bench/search.sh build-release/tribune
	bench/wordpress.sh build-release/tribune
	bench/flood.sh build-release/tribune
	bench/backup.sh build-release/tribune
	bench/several_servers.sh build-release/tribune

bench-newsroom:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/newsroom.sh build-release/tribune

# One server on SQLite, one on PostgreSQL, three behind nginx (bench/several_servers.sh).
bench-several:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/several_servers.sh build-release/tribune

bench-search:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/search.sh build-release/tribune

bench-wordpress:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/wordpress.sh build-release/tribune

# The libFuzzer targets (fuzz/), built with clang, AddressSanitizer and UBSan in build-fuzz/,
# each run FUZZ_SECONDS; fails if any crashed. New inputs stay in build-fuzz/fuzz-scratch/
# until `make fuzz-merge` folds them, minimized, into fuzz/corpus/.
# FUZZ_RUNS=1000000 also stops each target after that many executions.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) fuzz/run.sh build-fuzz

fuzz-merge: build-fuzz
	fuzz/run.sh --merge build-fuzz

build-fuzz:
	scripts/install-deps.sh fuzz
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTRIBUNE_FUZZ=ON -DTRIBUNE_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzzers

# `tribune backup` and `restore` of a 100,000-article site, idle and under readers, against
# sqlite3's .backup and tar as the peer.
bench-backup:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/backup.sh build-release/tribune

bench-flood:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/flood.sh build-release/tribune

# sqlmap against every public form and parameter, and the admin's, on loopback; fails on
# any finding. Not part of `make test`: it takes minutes.
security:
	scripts/install-deps.sh security
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS) --target tribune
	scripts/security.sh $(BUILD)/tribune

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) build-release build-tsan build-asan build-fuzz

# Tribune's two commands: `make demo` (install, build, serve the demo site) and `make test`.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc)

.PHONY: build-fuzz demo test test-tsan build deps deps-test bench bench-newsroom bench-search bench-wordpress fuzz fuzz-merge format clean

demo: deps build
	./$(BUILD)/tribune demo --data $(BUILD)/demo-data --listen 127.0.0.1:8080

test: deps-test test-tsan
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd tests/browser && npm ci --no-audit --no-fund --silent
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The store's contract tests (concurrent readers and a writer among them) under ThreadSanitizer.
test-tsan: deps-test
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIBUNE_SANITIZE=thread
	cmake --build build-tsan -j $(JOBS) --target store_tests
	cd build-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  ctest --output-on-failure -j $(JOBS) -R "^Backends/"

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

bench-newsroom:
	scripts/install-deps.sh bench
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRIBUNE_TESTS=OFF
	cmake --build build-release -j $(JOBS) --target tribune
	bench/newsroom.sh build-release/tribune

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
FUZZ_SECONDS ?= 60
fuzz: build-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh build-fuzz

fuzz-merge: build-fuzz
	fuzz/run.sh --merge build-fuzz

build-fuzz:
	scripts/install-deps.sh fuzz
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTRIBUNE_FUZZ=ON -DTRIBUNE_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzzers

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) build-release build-tsan build-fuzz

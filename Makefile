# Tribune's two commands: `make demo` (install, build, serve the demo site) and `make test`.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
JOBS ?= $(shell nproc)

.PHONY: demo test test-tsan build deps deps-test bench bench-newsroom bench-search bench-wordpress bench-flood security format clean

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
	bench/flood.sh build-release/tribune

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
	rm -rf $(BUILD) build-release build-tsan

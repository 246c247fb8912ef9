#!/usr/bin/env bash
# Installs the Debian 12 packages Tribune needs, and only those missing.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz|security]   (build, test and bench
# each include the previous ones; fuzz is build plus clang and its libFuzzer and sanitizer
# runtimes; security is build and sqlmap)
set -euo pipefail

level=${1:-build}

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libsqlite3-dev sqlite3 libcmark-gfm-dev libcmark-gfm-extensions-dev
  libicu-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  libkainjow-mustache-dev libtomlplusplus-dev libbrotli-dev zlib1g-dev libdeflate-dev libjemalloc-dev
  nlohmann-json3-dev libsodium-dev libcurl4-openssl-dev libre2-dev
  libgmime-3.0-dev libopendkim-dev libcsv-dev libdtl-dev libstemmer-dev libxml2-dev libgumbo-dev
  libarchive-dev libvips-dev libpq-dev
)
test_pkgs=(libgtest-dev postgresql-15 postgresql-client-15 nginx-light libimage-exiftool-perl libtsan2 libasan8 libubsan1 curl openssl chromium default-jre-headless python3-aiosmtpd python3-dkim python3-feedparser libxml2-utils)
bench_pkgs=(wrk bc time python3)
fuzz_pkgs=(clang-14 libclang-rt-14-dev)
security_pkgs=(sqlmap curl)

wanted=("${build_pkgs[@]}")
case "$level" in
  build) ;;
  test) wanted+=("${test_pkgs[@]}") ;;
  bench) wanted+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  fuzz) wanted+=("${fuzz_pkgs[@]}") ;;
  security) wanted+=("${security_pkgs[@]}") ;;
  *) echo "install-deps.sh: unknown level '$level' (build, test, bench, fuzz or security)" >&2; exit 2 ;;
esac
# Node.js makes the crawler list at build time and runs the browser tests; Debian's is
# enough when none is installed.
if ! command -v npm >/dev/null 2>&1; then wanted+=(nodejs npm); fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

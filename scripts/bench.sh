#!/usr/bin/env bash
# Builds census and census-bench in release mode, serves the benchmark fleet over loopback smart HTTP
# (scripts/servers/git-http.sh, when lighttpd is installed) and runs the benchmark.
#   scripts/bench.sh                       the full run (40 repositories x 30 branches x 3,000 files)
#   scripts/bench.sh --repos 8 --branches 10 --files 1000 --runs 1   a quick run
# Options are passed to census-bench (see `census-bench --help`). The fleet, mirrors, database and
# results live in $CENSUS_BENCH_DIR (default .bench); a fleet of the same shape is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${CENSUS_BENCH_DIR:-.bench}
mkdir -p "$work/served"
# Built as make install builds census: the Swift runtime and Foundation linked statically.
swift build -c release --static-swift-stdlib --product census >&2
swift build -c release --static-swift-stdlib --product census-bench >&2

stop=""
cleanup() { [[ -n "$stop" ]] && bash -c "$stop" || true; }
trap cleanup EXIT
if command -v lighttpd >/dev/null 2>&1 && [[ -x /usr/lib/git-core/git-http-backend ]]; then
  output=$(bash scripts/servers/git-http.sh start "$work/served")
  while IFS= read -r line; do
    case "$line" in
      export\ *) eval "$line" ;;
      STOP:*) stop="${line#STOP: }" ;;
    esac
  done <<<"$output"
else
  echo "bench: lighttpd not installed (scripts/setup.sh --test); crawling local paths instead of HTTP" >&2
fi

.build/release/census-bench --work "$work" "$@"

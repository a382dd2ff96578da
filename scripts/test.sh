#!/usr/bin/env bash
# Runs the test suite. Real servers the tests need are started on loopback by scripts/servers/*.sh
# and stopped on exit; tests that need one read its address from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

cleanup() {
  for stop in "${stops[@]:-}"; do [[ -n "$stop" ]] && bash -c "$stop" || true; done
}
stops=()
trap cleanup EXIT

for server in scripts/servers/*.sh; do
  [[ -e "$server" ]] || continue
  # Each server script prints `export VAR=value` lines and a `STOP: command` line.
  output=$(bash "$server" start)
  while IFS= read -r line; do
    case "$line" in
      export\ *) eval "$line" ;;
      STOP:*) stops+=("${line#STOP: }") ;;
    esac
  done <<<"$output"
done

swift build --build-tests
swift test --skip-build

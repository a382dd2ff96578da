#!/usr/bin/env bash
# Runs the test suite. Real servers the tests need are started on loopback by scripts/servers/*.sh
# and stopped on exit; tests that need one read its address from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

# This run's log: a fresh file, kept when tests fail (its path is printed) and removed when all pass.
log=$(mktemp "${TMPDIR:-/tmp}/census-test.XXXXXX.log")

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
# The suite is XCTest only; skipping the Swift Testing pass keeps its "0 tests" line from closing the log.
set +e
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1 || true)
executed=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
echo "tests: $((${executed:-0} - ${failed:-0})) passed, ${failed:-0} failed"
if [[ "$status" -eq 0 ]]; then rm -f "$log"; else echo "tests: the full log is $log" >&2; fi
exit "$status"

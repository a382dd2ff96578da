#!/usr/bin/env bash
# Fuzzes every extractor (census-fuzz, see Sources/census-fuzz/FuzzTarget.swift) with libFuzzer and
# AddressSanitizer for a bounded time each, seeded from the texts of Tests/ExtractionTests, and reports
# per target: inputs tried, crashes, hangs (one input over --timeout), out-of-memory inputs, peak RSS and
# the slowest input. Each target's time is split in two: the first half lets libFuzzer grow inputs
# slowly (coverage), the second starts from that corpus with inputs up to --max-len at once (work that
# grows faster than the input only shows on long inputs).
#   scripts/fuzz.sh                                  every target, 60 s each
#   scripts/fuzz.sh --seconds 120 dockerfile msbuild two targets, 120 s each
# Options: --seconds N   time per target (default 60)
#          --timeout S   one input taking longer is a hang (default 2)
#          --rss-mb M    one input using more memory is an OOM (default 2048)
#          --max-len B   longest input generated (default 65536: long enough for quadratic work to show)
# The corpus, found inputs and logs go to $CENSUS_FUZZ_DIR (default .build-fuzz/runs). A found input is
# written to <dir>/found/<target>/ (crash-*, timeout-*, oom-*); replay it with
#   swift run census-fuzz replay <target> <file>
# and keep it as a regression fixture: Tests/ExtractionTests/Fixtures/Fuzz/<case>/<the file name the
# target reads, e.g. Dockerfile> (FuzzFixtureTests reads every one). The fuzzer keeps going after a
# finding until the target's time is used. Figures of past runs: docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60 timeout=2 rss_mb=2048 max_len=65536
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --rss-mb) rss_mb=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "fuzz: unknown option $1 (see --help)" >&2; exit 64 ;;
    *) targets+=("$1"); shift ;;
  esac
done

work=${CENSUS_FUZZ_DIR:-.build-fuzz/runs}
mkdir -p "$work"

# The plain build lists targets and writes seeds; the libFuzzer build (its own build folder, since every
# module is instrumented) does the fuzzing.
swift build --product census-fuzz >&2
plain=.build/debug/census-fuzz
swift build -c release --build-path .build-fuzz --product census-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCENSUS_LIBFUZZER -Xswiftc -use-ld=lld >&2  # gold fails on ASan objects
fuzzer=.build-fuzz/release/census-fuzz

if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <("$plain" targets | cut -f1)
fi

# Tokens the extractors give meaning to; libFuzzer splices them into inputs.
dictionary="$work/census.dict"
cat >"$dictionary" <<'EOF'
"${"
"${{"
"}}"
"$("
"$["
"%("
"@("
"@"
"&a "
"*a"
"<<: *a"
"- "
": "
"\x0a  "
"---\x0a"
"[*a,*a,*a,*a]"
"ONBUILD "
"FROM "
"COPY --from="
"RUN --mount=type=bind,from="
"ARG A="
"<<EOF\x0a"
"\\\x0a"
"# escape=`\x0a"
"<Project>"
"<a>"
"</a>"
"<![CDATA["
"<!--"
"&#x41;"
"image: "
"container: "
"template: "
"parameters:"
"variables:"
"extends:"
"services:"
"steps:"
"jobs:"
"{{ .Values."
"\"image\": \""
"[Container]\x0aImage="
"(Q)a.b.c@"
EOF

summary="$work/summary.tsv"
printf 'target\tseconds\tinputs\tcrashes\thangs\tooms\tpeak_rss_mb\tslowest_input_s\n' >"$summary"
for target in "${targets[@]}"; do
  seeds="$work/seeds/$target" corpus="$work/corpus/$target" found="$work/found/$target"
  rm -rf "$seeds"
  mkdir -p "$corpus" "$found"
  "$plain" seeds "$target" Tests/ExtractionTests "$seeds" >&2
  inputs=0 peak=0 slowest=0 crashes=0 hangs=0 ooms=0
  start=$(date +%s)
  run=0
  while :; do
    elapsed=$(( $(date +%s) - start ))
    left=$(( seconds - elapsed ))
    [[ $left -gt 0 ]] || break
    # First half: libFuzzer's own length control. Second half: long inputs from the start.
    length=()
    if [[ $elapsed -lt $(( seconds / 2 )) ]]; then
      left=$(( seconds / 2 - elapsed ))
    else
      length=(-len_control=0)
    fi
    run=$((run + 1))
    log="$work/$target.$run.log"
    CENSUS_FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$fuzzer" \
      -max_total_time="$left" -timeout="$timeout" -rss_limit_mb="$rss_mb" -max_len="$max_len" "${length[@]}" \
      -dict="$dictionary" -artifact_prefix="$found/" -print_final_stats=1 \
      "$corpus" "$seeds" >"$log" 2>&1 || true
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    slow=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
    inputs=$((inputs + ${executed:-0}))
    [[ ${rss:-0} -gt $peak ]] && peak=$rss
    [[ ${slow:-0} -gt $slowest ]] && slowest=$slow
    if grep -q 'ERROR: libFuzzer: timeout' "$log"; then hangs=$((hangs + 1))
    elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then ooms=$((ooms + 1))
    elif grep -qE 'ERROR: (libFuzzer: deadly signal|AddressSanitizer)|Fatal error' "$log"; then crashes=$((crashes + 1))
    fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$seconds" "$inputs" "$crashes" "$hangs" "$ooms" "$peak" "$slowest" >>"$summary"
  echo "fuzz: $target: $inputs inputs, $crashes crashes, $hangs hangs, $ooms OOMs, peak RSS ${peak} MB, slowest input ${slowest} s" >&2
done
column -t -s $'\t' "$summary"
if compgen -G "$work/found/*/*" >/dev/null; then
  echo "found inputs:"; ls -1 "$work"/found/*/*
fi

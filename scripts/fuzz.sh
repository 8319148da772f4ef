#!/usr/bin/env bash
# Fuzz dsr's parsers of untrusted input with libFuzzer (address sanitizer on).
#   scripts/fuzz.sh [SECONDS] [FUZZER...]     (default: 600 seconds each, every fuzzer)
# Each fuzzer starts from its committed corpus Fuzz/Corpus/<name>/, explores in a scratch copy,
# and merges the inputs that add coverage back into the committed corpus. A crash stops the run,
# writes the input to Fuzz/crashes/ and exits non-zero; turn it into a regression test.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-600}; shift || true
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=($(ls Sources))
# lld: gold drops the coverage counters' registration, and libFuzzer then sees no coverage.
swift build --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld 2>&1 \
  | grep -v "ld.gold: warning" | tail -3
mkdir -p crashes
export SWIFT_BACKTRACE=enable=no   # the backtracer hangs under ASan; libFuzzer prints the stack
status=0
for fuzzer in "${fuzzers[@]}"; do
  name=${fuzzer#Fuzz}; corpus=Corpus/${name,,}
  scratch=$(mktemp -d); cp -r "$corpus"/. "$scratch"/
  echo "== $fuzzer: $seconds s from $(ls "$corpus" | wc -l) corpus inputs"
  if .build/debug/$fuzzer "$scratch" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
      -artifact_prefix=crashes/$fuzzer- -print_final_stats=1 2>&1 | tee /tmp/$fuzzer.log \
      | grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|SUMMARY|ERROR"; then :; fi
  if grep -q -E "SUMMARY|ERROR: libFuzzer" /tmp/$fuzzer.log; then status=1; fi
  .build/debug/$fuzzer -merge=1 "$corpus" "$scratch" > /dev/null 2>&1 || true
  rm -rf "$scratch"
done
exit $status

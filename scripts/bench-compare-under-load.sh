#!/usr/bin/env bash
# Proves that `bench --compare` is robust to a busy machine (issue 13):
#   1. records a baseline of the fixed planted suite (bench/test-support) and of a real suite;
#   2. starts two CPU hogs (`node -e 'for(;;){}'`) and compares again: expect no REGRESSED row
#      (exit 0, or 4 = "cannot judge" if the machine is too unsteady, never 1);
#   3. still under the hogs, plants a 2x slowdown in the fixed suite: expect REGRESSED rows, exit 1.
# Usage: scripts/bench-compare-under-load.sh [OUT_DIR]   (default: a fresh temp directory)
# Figures are printed; nothing under bench/ is written.
set -u
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d -t bench-proof-XXXX)}
suites="$out/suites"
mkdir -p "$suites" "$out/base" "$out/r0" "$out/r1" "$out/r2"
cp bench/test-support/planted-suite.ts "$suites/planted.ts"
sed -i "s#'../harness.ts'#'$(pwd)/bench/harness.ts'#" "$suites/planted.ts"
bench() { node --import tsx bench/run.ts --suites-dir "$suites" --repeat 3 --time-ms 300 "$@"; }
echo "== 1. baseline (no hog; load: $(cut -d' ' -f1-3 /proc/loadavg))"
bench --results-dir "$out/r0" --baseline-dir "$out/base" --save-baseline > "$out/1-baseline.txt" 2>&1
echo "exit $?"
base=$(ls "$out"/base/*.json)
node -e 'for(;;){}' & hog1=$!
node -e 'for(;;){}' & hog2=$!
trap 'kill $hog1 $hog2 2>/dev/null' EXIT
sleep 5
echo "== 2. same code, two CPU hogs running (load: $(cut -d' ' -f1-3 /proc/loadavg))"
bench --results-dir "$out/r1" --compare "$base" > "$out/2-hog.txt" 2>&1
echo "exit $?"; grep -E "^planted /|verdict:" "$out/2-hog.txt"
echo "== 3. planted 2x slowdown, two CPU hogs running (load: $(cut -d' ' -f1-3 /proc/loadavg))"
BENCH_PLANTED_SLOWDOWN=2 bench --results-dir "$out/r2" --compare "$base" > "$out/3-hog-planted.txt" 2>&1
echo "exit $?"; grep -E "^planted /|verdict:" "$out/3-hog-planted.txt"
echo "== raw (uncalibrated) ratios under the hogs, for contrast"
node -e '
const fs = require("fs"); const p = require("path");
const read = (d) => JSON.parse(fs.readFileSync(p.join(d, fs.readdirSync(d).find((n) => n.endsWith(".json"))), "utf8"));
const [b, h, s] = [process.argv[1], process.argv[2], process.argv[3]].map(read);
for (const x of b.benchmarks) {
  const f = (r) => r.benchmarks.find((y) => y.name === x.name);
  console.log(`${x.name}: raw ${(f(h).median / x.median).toFixed(2)}x / calibrated ${(f(h).calibrated.median / x.calibrated.median).toFixed(2)}x (hog); raw ${(f(s).median / x.median).toFixed(2)}x / calibrated ${(f(s).calibrated.median / x.calibrated.median).toFixed(2)}x (hog + planted 2x)`);
}' "$out/r0" "$out/r1" "$out/r2"
echo "outputs in $out"

#!/usr/bin/env bash
# Runs the whole benchmark suite as docs/performance.md reports it.
#   benchmarks/run-suite.sh [results-dir]        (from the repository root, after
#   mvn -pl benchmarks -am package -DskipTests)
# JAVA defaults to JDK 25 (the virtual-thread variants need 21+). Takes about 50 minutes on 2 cores.
set -euo pipefail
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-benchmarks/target/awaitj-benchmarks.jar}
OUT=${1:-benchmarks/target/results}
CPU=dev.awaitj.benchmarks.support.CpuTimeProfiler
PARTS=${PARTS:-w1 w2 w4 w3 w5 w3-heap w4-depth} # e.g. PARTS="w1 w2" runs only those
mkdir -p "$OUT"
run() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name ($(uptime | sed 's/.*load/load/'))"
  "$JAVA" -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  grep -E '^[A-Za-z]+Benchmark\.|^Benchmark ' "$OUT/$name.txt" | grep -v -E 'gc\.(count|time)|alloc\.rate ' || true
}
# W1 and W2 compare variants that differ by less than this machine drifts in a few minutes, so
# they run in rounds, one fork of every variant per round, and each ratio is taken within a round.
rounds() { # name, rounds, then JMH arguments
  local name=$1 count=$2 r; shift 2
  echo "== $name, $count rounds ($(uptime | sed 's/.*load/load/'))"
  for r in $(seq "$count"); do
    "$JAVA" -jar "$JAR" "$@" -f 1 -rf json -rff "$OUT/$name-round$r.json" > "$OUT/$name-round$r.txt" 2>&1
  done
  summarize "$OUT/$name"-round[0-9]*.txt | tee "$OUT/$name-summary.txt"
}
# Per variant: the mean of the rounds' scores and their range, for the score (wall ns/op), CPU ns/op
# and B/op; then each variant's CPU time over its class's baseline (W1: synchronousJoin, W2:
# handWrittenStateMachine), taken within each round: the median of those ratios (one disturbed
# round moves the mean a lot on a shared machine), their mean and their range.
summarize() {
  printf "%-52s %22s %22s %16s\n" "variant (mean of rounds [min-max])" "ns/op" "cpu ns/op" "B/op"
  awk '
    FNR == 1 { round++ }
    /^[A-Za-z]+Benchmark\.[A-Za-z]+(:cpu\.time\.norm|:gc\.alloc\.rate\.norm)? / {
      split($1, part, ":"); metric = part[2] == "" ? "score" : part[2]
      key = part[1] SUBSEP metric
      value = ($3 ~ /^[0-9]+$/) ? $4 : $3
      sum[key] += value; n[key]++
      if (!(key in lo) || value < lo[key]) lo[key] = value
      if (!(key in hi) || value > hi[key]) hi[key] = value
      at[part[1], metric, round] = value
      if (metric == "score") names[part[1]] = 1
    }
    END {
      for (v in names) {
        line = sprintf("%-52s", v)
        split("score cpu.time.norm gc.alloc.rate.norm", ms, " ")
        for (m = 1; m <= 3; m++) {
          k = v SUBSEP ms[m]
          line = line (k in n ? sprintf(" %8.3f [%.3f-%.3f]", sum[k] / n[k], lo[k], hi[k]) : sprintf(" %22s", "-"))
        }
        print line
      }
      for (v in names) {
        split(v, cls, "."); base = cls[1] "." (cls[1] ~ /AlreadyComplete/ ? "synchronousJoin" : "handWrittenStateMachine")
        if (v == base || !((base, "cpu.time.norm", 1) in at)) continue
        total = 0; count = 0
        for (r = 1; r <= round; r++) {
          if (!((v, "cpu.time.norm", r) in at) || !((base, "cpu.time.norm", r) in at)) continue
          ratio = at[v, "cpu.time.norm", r] / at[base, "cpu.time.norm", r]
          for (i = count; i > 0 && ratios[i] > ratio; i--) ratios[i + 1] = ratios[i] # insertion sort
          ratios[i + 1] = ratio; total += ratio; count++
        }
        if (!count) continue
        median = count % 2 ? ratios[(count + 1) / 2] : (ratios[count / 2] + ratios[count / 2 + 1]) / 2
        printf "%-52s   = %.2fx %s in cpu ns/op: median of %d rounds (mean %.2f, range %.2f-%.2f)\n", \
          v, median, substr(base, length(cls[1]) + 2), count, total / count, ratios[1], ratios[count]
      }
    }' "$@" | sort
}
wanted() { [[ " $PARTS " == *" $1 "* ]]; }
wanted w1 && rounds w1 4 'w1\.' -wi 5 -i 5 -w 1s -r 1s -prof gc -prof $CPU
# awaitj's resumption path takes ~8 one-second iterations to settle (seen in SameThreadBenchmark)
wanted w2 && rounds w2 4 'w2\.' -wi 10 -i 5 -w 1s -r 1s -prof gc -prof $CPU
wanted w4 && run w4 'w4\.' -f 1
wanted w3 && run w3 'w3\.' -f 1 -prof $CPU
wanted w5 && run w5 'w5\.' -f 1 -wi 5 -i 8 -p asyncEvery=1 -prof $CPU
if wanted w3-heap; then
  echo "== W3 retained heap"
  "$JAVA" -cp "$JAR" dev.awaitj.benchmarks.w3.RetainedHeap 1000000 5 | tee "$OUT/w3-heap.txt"
fi
if wanted w4-depth; then
  echo "== W4 deepest chain on a 1 MB stack"
  "$JAVA" -Xmx8g -cp "$JAR" dev.awaitj.benchmarks.w4.MaxDepth | tee "$OUT/w4-depth.txt"
fi

#!/usr/bin/env bash
# Runs the whole benchmark suite as docs/performance.md reports it.
#   benchmarks/run-suite.sh [results-dir]        (from the repository root, after
#   mvn -pl benchmarks -am package -DskipTests)
# JAVA defaults to JDK 25 (the virtual-thread variants need 21+). Takes about 40 minutes on 2 cores.
set -euo pipefail
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-benchmarks/target/awaitj-benchmarks.jar}
OUT=${1:-benchmarks/target/results}
CPU=dev.awaitj.benchmarks.support.CpuTimeProfiler
mkdir -p "$OUT"
run() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name ($(uptime | sed 's/.*load/load/'))"
  "$JAVA" -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  grep -E '^[A-Za-z]+Benchmark\.|^Benchmark ' "$OUT/$name.txt" | grep -v -E 'gc\.(count|time)|alloc\.rate ' || true
}
run w1 'w1\.' -f 2 -wi 5 -i 5 -w 1s -r 1s -prof gc -prof $CPU
# awaitj's resumption path takes ~8 one-second iterations to settle (seen in SameThreadBenchmark)
run w2 'w2\.' -f 3 -wi 10 -i 5 -w 1s -r 1s -prof gc -prof $CPU
run w4 'w4\.' -f 1
run w3 'w3\.' -f 1 -prof $CPU
run w5 'w5\.' -f 1 -wi 5 -i 8 -p asyncEvery=1 -prof $CPU
echo "== W3 retained heap"
"$JAVA" -cp "$JAR" dev.awaitj.benchmarks.w3.RetainedHeap 1000000 5 | tee "$OUT/w3-heap.txt"
echo "== W4 deepest chain on a 1 MB stack"
"$JAVA" -Xmx8g -cp "$JAR" dev.awaitj.benchmarks.w4.MaxDepth | tee "$OUT/w4-depth.txt"

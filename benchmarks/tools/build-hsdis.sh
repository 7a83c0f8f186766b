#!/usr/bin/env bash
# Builds hsdis-amd64.so from hsdis-capstone.c into the directory given (default /tmp/hsdis), for
# JMH's perfasm profiler (x86-64 Linux; needs gcc and Debian's libcapstone-dev). Then:
#   LD_LIBRARY_PATH=/tmp/hsdis java -jar benchmarks/target/awaitj-benchmarks.jar 'SameThreadBenchmark.awaitj$' \
#       -f 1 -prof 'perfasm:events=cpu-clock'
# (cpu-clock: a virtual machine often has no hardware counters; perf must be installed.)
set -euo pipefail
OUT=${1:-/tmp/hsdis}
mkdir -p "$OUT"
gcc -O2 -shared -fPIC -o "$OUT/hsdis-amd64.so" "$(dirname "$0")/hsdis-capstone.c" -lcapstone
echo "built $OUT/hsdis-amd64.so"

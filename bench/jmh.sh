#!/usr/bin/env bash
# The JMH benchmark of the presigning layer alone (bench/jmh/java/dev/signet/bench/PresignBenchmark.java):
# URLs per second on one thread for Signet's StorageService and, for reference, the raw SDK presigner
# and the bare SigV4 signer. Builds with -Pjmh into target/jmh (never touching target/).
#   bench/jmh.sh [output-dir] [extra JMH args...]
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/target/jmh/results}; shift || true
mkdir -p "$OUT"
cd "$ROOT"
echo "[jmh] building (-Pjmh test-compile into target/jmh)"
./mvnw -B -ntp -q -Pjmh -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh/classpath.txt -Dmdep.includeScope=test
CP=target/jmh/test-classes:target/jmh/classes:$(cat target/jmh/classpath.txt)
echo "[jmh] running PresignBenchmark (1 thread, 1 fork, 5x3 s warm-up, 5x2 s measured)"
java -cp "$CP" org.openjdk.jmh.Main 'dev.signet.bench.PresignBenchmark' \
    -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt"

#!/usr/bin/env bash
# Runs bench/run.sh once per target, back to back on one machine, and tabulates start-up, RSS and req/s:
#   bench/compare.sh                       # BENCH_TARGETS="native launcher container plain"
# Builds first (the native executable, then the jar, which leaves the executable in place), unless
# BENCH_SKIP_BUILD=1. Every other BENCH_* knob is passed on to each run (BENCH_PORT, BENCH_DURATION, ...).
# Each run has its own embedded stack and fresh database, so every first start migrates.
# Results: target/bench/compare-<time>/<target>/ (each run's files) and compare.md (the table).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/target/bench/compare-$(date -u +%Y%m%dT%H%M%SZ)}
read -r -a TARGETS <<<"${BENCH_TARGETS:-native launcher container plain}"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$OUT/compare.log" >&2; }

CLASSPATH_ARGS=(dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test)
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    if [[ " ${TARGETS[*]} " == *" native "* ]]; then
        log "building the native executable (log: $OUT/build-native.log)"
        if [ -n "${SIGNET_NATIVE_BUILD:-}" ]; then
            "$SIGNET_NATIVE_BUILD" -ntp >"$OUT/build-native.log" 2>&1
        else
            ./mvnw -B -ntp -Dnative -DskipTests package >"$OUT/build-native.log" 2>&1
        fi || { log "native build failed, see $OUT/build-native.log"; exit 1; }
    fi
    log "building the jar (log: $OUT/build-jar.log)"
    ./mvnw -B -ntp -DskipTests package "${CLASSPATH_ARGS[@]}" >"$OUT/build-jar.log" 2>&1 \
        || { log "build failed, see $OUT/build-jar.log"; exit 1; }
fi

{ echo "date: $(date -u +%FT%TZ)"; echo "commit: $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
  echo "targets: ${TARGETS[*]}"; lscpu | grep -E '^(Model name|CPU\(s\)|Thread)'; free -m | head -2; java -version 2>&1 | head -1
  echo "load before: $(cat /proc/loadavg)"; } >"$OUT/machine.txt"
for t in "${TARGETS[@]}"; do
    log "target $t: bench/run.sh (log: $OUT/$t.log)"
    BENCH_TARGET=$t BENCH_SKIP_BUILD=1 BENCH_OUT="$OUT/$t" "$ROOT/bench/run.sh" >"$OUT/$t.log" 2>&1 \
        || { log "target $t failed, see $OUT/$t.log"; exit 1; }
    log "  $(jq -r '"ready \(.first_ready_ms) ms, RSS \(.rss_ready_kib * 1024 / 1e6 | floor) MB ready, \(.rss_after_load_kib * 1024 / 1e6 | floor) MB after the load"' "$OUT/$t/summary.json")"
done

{
    echo "# Targets compared, $(basename "$OUT")"
    echo
    echo "Same machine, one after the other ($(grep -m1 'Model name' "$OUT/machine.txt" | sed 's/.*: *//'), $(nproc) CPUs); wrk and the stack as in each run's summary.md. MB = 10^6 bytes."
    echo
    echo "| target | first start → ready | restart → ready | RSS ready | RSS after load | peak | ceiling req/s | signed URL (000) req/s | upload URL (002) req/s | presign (003) req/s | 302 (004) req/s | usage req/s | busy cores before |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for t in "${TARGETS[@]}"; do
        jq -r '
            def mb: . * 1024 / 1e6 | floor | tostring + " MB";
            def rps($s): (.scenarios[$s].rps // null) | if . == null then "–" else floor | tostring end;
            "| \(.target) | \(.first_ready_ms) ms | \(.restart_ready_ms) ms | \(.rss_ready_kib | mb) | \(.rss_after_load_kib | mb) | \(.rss_peak_kib | mb) | \(rps("ceiling")) | \(rps("signed_url")) | \(rps("upload_url")) | \(rps("presign")) | \(rps("download")) | \(rps("usage")) | \(.background_cores) |"' \
            "$OUT/$t/summary.json"
    done
    echo
    for t in "${TARGETS[@]}"; do echo "- \`$t\`: $(jq -r .started "$OUT/$t/summary.json")"; done
} >"$OUT/compare.md"
cat "$OUT/compare.md"
log "done: $OUT"

#!/usr/bin/env bash
# Signet's load benchmark (issue 6). One command:  bench/run.sh
#
# Builds the app, starts the embedded PostgreSQL + S3Proxy (or uses the ones configured through
# QUARKUS_DATASOURCE_* / QUARKUS_S3_* and PG* variables), starts Signet in %prod the way BENCH_TARGET says
# (below; by default as the container image runs it), prepares a team, an sk- key, a ready asset, a multipart
# upload and a second team with
# BENCH_USAGE_ROWS ready asset rows, then runs every scenario with wrk for a fixed time and connection
# count on loopback, and prints requests/s, p50/p99, errors and the ratio to the HTTP ceiling measured in
# the same run. Afterwards: rows created vs 2xx for the two row-creating scenarios, process RSS, start
# to ready, a JFR profile of each hot path, and (unless BENCH_JMH=0) the JMH presigning benchmark.
# Everything it starts is stopped on exit. Results: target/bench/run-<time>/ (summary.md, *.jsonl, logs).
#
# BENCH_TARGET: how Signet is started.
#   container  java with the flags of docker/Dockerfile.jvm, after its base image's run-java.sh defaults (default)
#   launcher   target/quarkus-app/signet, the launcher the README's production command runs (its own defaults)
#   plain      java -jar quarkus-run.jar with no flag at all (the JVM sizes itself from the host)
#   native     the native executable target/*-runner with the defaults built into it (built with
#              $SIGNET_NATIVE_BUILD when set (a stand-in toolchain's build.sh, see docs/production.md), else
#              ./mvnw package -Dnative, which needs GraalVM or Mandrel);
#              profiles with perf instead of JFR, no JMH by default
# bench/compare.sh runs several targets back to back and tabulates them.
#
# Knobs (environment): BENCH_DURATION=15 BENCH_WARMUP=10 BENCH_THREADS=2 BENCH_CONNECTIONS=32
#   BENCH_USAGE_ROWS=1000000 BENCH_PORT=18080 BENCH_SKIP_BUILD=0 BENCH_PROFILE=1 BENCH_PROFILE_SECONDS=6
#   BENCH_JMH=1 BENCH_KEEP_DATA=0 BENCH_EXACT_REQUESTS=2000 BENCH_SCENARIOS="ceiling signed_url ..." BENCH_JVM_EXTRA="<what-if flags>" BENCH_OUT=<dir>
#   BENCH_TARGET=container BENCH_NATIVE_EXTRA="<what-if options of the executable, e.g. -Xmx64m>"
#   BENCH_NATIVE_EXE=<another executable than target/*-runner, e.g. a copy built with local symbols>
#   BENCH_MODE=pg_restart|webhooks|webhook_delivery (see bench/pg-restart.sh, bench/webhooks.sh,
#   bench/webhook-delivery.sh)
#   BENCH_PG_SYNCHRONOUS_COMMIT=on: the embedded PostgreSQL runs with synchronous_commit=off (zonky's default, for
#   test speed); "on" sets it for the app's database, as a production server has it (every commit waits for its
#   WAL flush), before the app connects
set -Eeuo pipefail
# the webhook modes' receivers listen on loopback, which %prod refuses as a webhook target
case ${BENCH_MODE:-} in webhooks | webhook_delivery) export SIGNET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true ;; esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
USAGE_ROWS=${BENCH_USAGE_ROWS:-1000000}
PORT=${BENCH_PORT:-18080}
PROFILE=${BENCH_PROFILE:-1}
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-6}
TARGET=${BENCH_TARGET:-container}
case $TARGET in container | launcher | plain) JVM=1 ;; native) JVM=0 ;; *) echo "BENCH_TARGET=$TARGET: not one of container, launcher, plain, native" >&2; exit 2 ;; esac
JMH=${BENCH_JMH:-$JVM}
RUN=${BENCH_OUT:-$ROOT/target/bench/run-$(date -u +%Y%m%dT%H%M%SZ)}
BASE=http://127.0.0.1:$PORT
# JWTs: RS256, verified through the JWKS endpoint BenchStack serves (as in production), audience checked.
ISSUER=https://signet.test
AUDIENCE=signet # production requires a configured audience (mp.jwt.verify.audiences) and tokens that carry it
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)

log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RUN/run.log" >&2; }
die() { log "FAILED: $*"; exit 1; }
[[ " ${BENCH_SCENARIOS:-ceiling} " == *" ceiling "* ]] || die "BENCH_SCENARIOS=$BENCH_SCENARIOS: keep ceiling in it (every ratio is to it)"

APP_PID=
STACK_PID=
stop_pid() { # stop_pid <pid>: TERM, then KILL after 15 s
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$APP_PID"
    stop_pid "$STACK_PID" # its shutdown hook stops PostgreSQL and S3Proxy
    if [ "${BENCH_KEEP_DATA:-0}" != 1 ] && [ -d "$RUN/stack" ]; then
        rm -rf "$RUN/stack/postgres" "$RUN/stack/s3"
    fi
    [ $rc -eq 0 ] || log "exit code $rc; logs in $RUN"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in java jcmd jfr wrk curl jq psql openssl; do
    command -v $tool >/dev/null || die "$tool is required (wrk: apt-get install -y wrk)"
done
[ "$JVM" = 1 ] || [ "$PROFILE" != 1 ] || command -v perf >/dev/null || die "perf is required to profile the native executable (apt-get install -y linux-perf, or BENCH_PROFILE=0)"

# --- the JVM flags the image ships ---------------------------------------------------------------
# docker/Dockerfile.jvm sets JAVA_OPTS_APPEND; its base image's run-java.sh (ubi9/openjdk-17-runtime)
# puts its default options in front of them. Both are used here, as in the container.
# The collector is run-java.sh's GC_CONTAINER_OPTIONS (ParallelGC unless the Dockerfile sets it).
GC_OPTS=$(sed -nE 's/^ENV GC_CONTAINER_OPTIONS="(.*)"$/\1/p' docker/Dockerfile.jvm)
GC_OPTS=${GC_OPTS:--XX:+UseParallelGC}
RUN_JAVA_DEFAULTS="-XX:MaxRAMPercentage=80.0 $GC_OPTS -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError"
OPTS_APPEND=$(sed -nE 's/^ENV JAVA_OPTS_APPEND="(.*)"$/\1/p' docker/Dockerfile.jvm)
[ -n "$OPTS_APPEND" ] || die "could not read JAVA_OPTS_APPEND from docker/Dockerfile.jvm"
# The image's paths under /deployments/ (the AppCDS archive) are target/quarkus-app/ here.
OPTS_APPEND=${OPTS_APPEND//\/deployments\//$ROOT/target/quarkus-app/}
case $TARGET in
    container) JVM_FLAGS="$RUN_JAVA_DEFAULTS $OPTS_APPEND" ;;
    *) JVM_FLAGS= ;; # the launcher brings its own; plain and native take none
esac
# For what-if runs only (the targets are judged with the shipped flags): appended after them.
[ -z "${BENCH_JVM_EXTRA:-}" ] || JVM_FLAGS="$JVM_FLAGS $BENCH_JVM_EXTRA"
JVM_FLAGS=${JVM_FLAGS# }

# --- build ---------------------------------------------------------------------------------------
CLASSPATH_ARGS=(dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt -Dmdep.includeScope=test)
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    if [ "$JVM" = 1 ]; then
        log "building: ./mvnw -B -ntp -DskipTests package (log: $RUN/build.log)"
        ./mvnw -B -ntp -DskipTests package "${CLASSPATH_ARGS[@]}" >"$RUN/build.log" 2>&1 \
            || die "build failed, see $RUN/build.log"
    elif [ -n "${SIGNET_NATIVE_BUILD:-}" ]; then
        log "building the native executable: $SIGNET_NATIVE_BUILD (about 8 minutes; log: $RUN/build.log)"
        "$SIGNET_NATIVE_BUILD" -ntp "${CLASSPATH_ARGS[@]}" >"$RUN/build.log" 2>&1 || die "native build failed, see $RUN/build.log"
    else
        log "building the native executable: ./mvnw package -Dnative (needs GraalVM or Mandrel; log: $RUN/build.log)"
        ./mvnw -B -ntp -Dnative -DskipTests package "${CLASSPATH_ARGS[@]}" >"$RUN/build.log" 2>&1 \
            || die "native build failed, see $RUN/build.log"
    fi
fi
if [ "$JVM" = 1 ]; then
    [ -f target/quarkus-app/quarkus-run.jar ] || die "target/quarkus-app/quarkus-run.jar missing (build first)"
else
    NATIVE_EXE=${BENCH_NATIVE_EXE:-$(ls target/*-runner 2>/dev/null | head -1)}
    [ -n "$NATIVE_EXE" ] && [ -x "$NATIVE_EXE" ] || die "no native executable target/*-runner (build first)"
    NATIVE_EXE=$(cd "$(dirname "$NATIVE_EXE")" && pwd)/$(basename "$NATIVE_EXE")
fi
[ -f target/bench/classpath.txt ] || die "target/bench/classpath.txt missing (run without BENCH_SKIP_BUILD)"
TEST_CP=target/test-classes:target/classes:$(cat target/bench/classpath.txt)

# --- machine -------------------------------------------------------------------------------------
{
    echo "date: $(date -u +%FT%TZ)"; echo "commit: $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
    echo "target: $TARGET"; [ "$JVM" = 1 ] || ls -l "$NATIVE_EXE"
    lscpu; echo; free -m; echo; java -version 2>&1; (wrk -v 2>&1 || true) | head -1; echo "load: $(cat /proc/loadavg)"
} >"$RUN/machine.txt" 2>&1

# --- CPU accounting (/proc, clock ticks) -----------------------------------------------------------
HZ=$(getconf CLK_TCK)
ticks() { # utime+stime (+cutime+cstime with 'c') of one pid
    case ${1:-} in '' | 0 | -* | *[!0-9]*) echo 0; return ;; esac
    [ -r "/proc/$1/stat" ] || { echo 0; return; }
    sed -E 's/^.*\) //' "/proc/$1/stat" | awk -v c="${2:-}" '{ t = $12 + $13; if (c == "c") t += $14 + $15; print t }'
}
pg_ticks() {
    local pm total=0 child
    [ -n "${BENCH_PG_DATA:-}" ] && [ -r "$BENCH_PG_DATA/postmaster.pid" ] || { echo 0; return; }
    pm=$(head -1 "$BENCH_PG_DATA/postmaster.pid")
    total=$(ticks "$pm" c)
    for child in $(pgrep -P "$pm"); do total=$((total + $(ticks "$child"))); done
    echo $total
}
machine_ticks() { awk '/^cpu /{ print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat; } # busy total
snapshot() { echo "$(ticks "$APP_PID") $(ticks "${BENCH_S3PROXY_PID:-0}") $(pg_ticks) $(machine_ticks)"; }

# --- embedded or configured stack ----------------------------------------------------------------
STACK_WHAT=target/local-stack/s3proxy.jar
if [ -n "${QUARKUS_DATASOURCE_REACTIVE_URL:-}" ]; then
    log "using the configured PostgreSQL and S3 (QUARKUS_DATASOURCE_REACTIVE_URL is set); starting the JWKS endpoint"
    for v in QUARKUS_DATASOURCE_JDBC_URL QUARKUS_S3_ENDPOINT_OVERRIDE PGHOST PGDATABASE; do
        [ -n "${!v:-}" ] || die "$v must be set along with QUARKUS_DATASOURCE_REACTIVE_URL"
    done
    STACK_WHAT=--jwks-only
else
    log "starting the embedded PostgreSQL + S3Proxy and a JWKS endpoint (log: $RUN/stack.log)"
fi
rm -f "$RUN/stack.env" # a stale one (BENCH_OUT reused) would point at a stack that is gone
java -cp "$TEST_CP" dev.signet.bench.BenchStack "$RUN/stack" "$RUN/stack.env" \
    "$STACK_WHAT" $$ >"$RUN/stack.log" 2>&1 &
STACK_PID=$!
for i in $(seq 1200); do
    [ -f "$RUN/stack.env" ] && break
    kill -0 $STACK_PID 2>/dev/null || die "the embedded stack exited; see $RUN/stack.log"
    sleep 0.1
done
[ -f "$RUN/stack.env" ] || die "the embedded stack was not up within 120 s; see $RUN/stack.log"
# shellcheck disable=SC1091
. "$RUN/stack.env"
psql -Atqc 'select 1' >/dev/null || die "psql cannot reach PostgreSQL at $PGHOST:${PGPORT:-5432}"
if [ -n "${BENCH_PG_SYNCHRONOUS_COMMIT:-}" ]; then
    psql -Atqc "ALTER DATABASE \"$PGDATABASE\" SET synchronous_commit = '$BENCH_PG_SYNCHRONOUS_COMMIT'" >/dev/null
    log "synchronous_commit for database $PGDATABASE: $BENCH_PG_SYNCHRONOUS_COMMIT (new sessions)"
fi

# background CPU load of everything else on the machine, before the app exists
read -r _ _ _ b0 t0 <<<"$(snapshot)"; sleep 3; read -r _ _ _ b1 t1 <<<"$(snapshot)"
BACKGROUND_CORES=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v n="$(nproc)" 'BEGIN { printf "%.2f", t ? n * b / t : 0 }')
log "background load before the app starts: $BACKGROUND_CORES of $(nproc) cores busy"

# --- the app -------------------------------------------------------------------------------------
ready_code() { curl -s -o /dev/null --max-time 1 -w '%{http_code}' -X OPTIONS "$BASE/api/v1/objects/download" || true; }
start_app() { # start_app <name> [extra JVM flags or options of the executable...]; sets APP_PID and READY_MS
    local name=$1 start now
    shift
    if [ "$(ready_code)" != 000 ]; then die "port $PORT is already in use (set BENCH_PORT)"; fi
    start=$(date +%s%N)
    # from its own directory, as in the image (the AppCDS archive records the class path it was made with)
    # shellcheck disable=SC2086
    (cd "${APP_DIR:-$ROOT/target/quarkus-app}" && export QUARKUS_HTTP_PORT=$PORT MP_JWT_VERIFY_ISSUER=$ISSUER MP_JWT_VERIFY_AUDIENCES=$AUDIENCE &&
        case $TARGET in
        container | plain) exec java $JVM_FLAGS "$@" -jar quarkus-run.jar ;;
        launcher) JAVA_OPTS="$JVM_FLAGS $*" exec ./signet ;;
        native) exec "$NATIVE_EXE" ${BENCH_NATIVE_EXTRA:-} "$@" ;;
        esac) >"$RUN/app-$name.log" 2>&1 &
    APP_PID=$!
    while [ "$(ready_code)" != 200 ]; do
        kill -0 $APP_PID 2>/dev/null || die "the app exited at start; see $RUN/app-$name.log"
        now=$(date +%s%N)
        [ $(((now - start) / 1000000)) -lt 120000 ] || die "the app was not ready within 120 s; see $RUN/app-$name.log"
        sleep 0.02
    done
    READY_MS=$((($(date +%s%N) - start) / 1000000))
    # the app can answer a moment before its "started in" line reaches the log
    for _ in $(seq 50); do grep -q ' started in ' "$RUN/app-$name.log" && break; sleep 0.1; done
    QUARKUS_STARTED=$(sed -nE 's/.* started in ([0-9.]+)s.*/\1/p' "$RUN/app-$name.log" | head -1)
    log "app ($name) ready after $READY_MS ms (Quarkus: started in ${QUARKUS_STARTED}s), pid $APP_PID"
}
thread_ticks() { # tid, thread group name, utime+stime for every thread of a pid
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\t%s\n' "${t##*/}" "$(sed -E 's/[0-9]+/*/g' "$t/comm" 2>/dev/null)" \
            "$(sed -E 's/^.*\) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
    done
}
thread_cpu() { # CPU ms per thread group of a pid, highest first
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\n' "$(sed -E 's/[0-9]+/*/g' "$t/comm")" "$(sed -E 's/^.*\) //' "$t/stat" | awk '{ print $12 + $13 }')"
    done | awk -F'\t' -v hz="$HZ" '{ ms[$1] += 1000 * $2 / hz; all += 1000 * $2 / hz }
        END { printf "%8d ms  all threads\n", all; for (k in ms) printf "%8d ms  %s\n", ms[k], k }' | sort -rn
}
rss_by_mapping() { # resident and dirty kB per mapped file and permissions (anonymous memory as [anon]), largest first
    echo " resident       dirty   mapping"
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "") ? "[anon]" : $6; key = name " " $2 }
         /^Rss:/ { rss[key] += $2; all += $2 } /^Private_Dirty:/ { dirty[key] += $2 }
         END { printf "%9d kB %9s     all\n", all, "";
               for (k in rss) if (rss[k] >= 256) printf "%9d kB %9d kB  %s\n", rss[k], dirty[k], k }' \
        "/proc/$1/smaps" | sort -rn
}
start_app main
thread_cpu "$APP_PID" >"$RUN/startup-cpu-by-thread.txt"
[ "$JVM" = 0 ] || jstat -class "$APP_PID" >>"$RUN/startup-cpu-by-thread.txt" 2>&1 || true
rss_by_mapping "$APP_PID" >"$RUN/rss-by-mapping-at-ready.txt"
# native: resident code per package (needs an executable built with local symbols; see bench/native-pages.py)
[ "$JVM" = 1 ] || "$ROOT/bench/native-pages.py" "$APP_PID" >"$RUN/native-code-by-package-at-ready.txt" 2>&1 || true
log "  CPU used by the app until ready: $(head -1 "$RUN/startup-cpu-by-thread.txt" | awk '{print $1}') ms (by thread: $RUN/startup-cpu-by-thread.txt)"
FIRST_READY_MS=$READY_MS
FIRST_QUARKUS_STARTED=$QUARKUS_STARTED
RSS_READY_KB=$(awk '/VmRSS/{print $2}' "/proc/$APP_PID/status")

# --- setup through the API -----------------------------------------------------------------------
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
jwt() { # jwt <sub> [<groups>]: an RS256 access token, signed with the key the JWKS endpoint publishes
    local now header payload sig
    now=$(date +%s)
    header=$(printf '{"alg":"RS256","typ":"JWT","kid":"%s"}' "$BENCH_JWT_KID" | b64url)
    # <groups>: a JSON array for the groups claim, e.g. '["platform-admin"]'
    payload=$(printf '{"iss":"%s","aud":"%s","sub":"%s","iat":%d,"exp":%d,"groups":%s}' "$ISSUER" "$AUDIENCE" "$1" \
        "$now" $((now + 7200)) "${2:-[]}" | b64url)
    sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$BENCH_JWT_PRIVATE_KEY" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$sig"
}
api() { # api <expected-status> <curl args...>: prints the body, dies on another status
    local expected=$1 out code
    shift
    out=$(curl -s -w '\n%{http_code}' "$@") || die "curl $* failed"
    code=${out##*$'\n'}
    [ "$code" = "$expected" ] || die "expected $expected from curl $*, got $code: ${out%$'\n'*}"
    printf '%s' "${out%$'\n'*}"
}
new_team_and_key() { # <user> <team name> -> "TEAM_ID SK_KEY"
    local token team key
    token=$(jwt "$1")
    team=$(api 201 -X POST "$BASE/api/v1/teams" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "{\"name\":\"$2\"}" | jq -r .id)
    key=$(api 201 -X POST "$BASE/api/v1/api-keys" -H "Authorization: Bearer $token" -H "X-Team-ID: $team" \
        -H 'Content-Type: application/json' -d '{"name":"bench","kind":"sk"}' | jq -r .key)
    echo "$team $key"
}

log "setup: team, sk- key, one uploaded and confirmed asset"
read -r TEAM SK_KEY <<<"$(new_team_and_key bench-owner bench)"
[ -n "${TEAM:-}" ] && [ -n "${SK_KEY:-}" ] || die "could not create the team and its key"
printf 'hello signet\n' >"$RUN/hello.txt"
UPLOAD=$(api 201 -X POST "$BASE/api/v1/assets/upload-url" -H "Authorization: Bearer $SK_KEY" \
    -H 'Content-Type: application/json' \
    -d "{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_name\":\"hello.txt\",\"file_size\":$(wc -c <"$RUN/hello.txt")}")
PUT_HEADERS=()
while IFS= read -r h; do PUT_HEADERS+=(-H "$h"); done < <(jq -r '.upload.headers | to_entries[] | select(.key != "Content-Length") | "\(.key): \(.value)"' <<<"$UPLOAD")
api 200 -X PUT "${PUT_HEADERS[@]}" --upload-file "$RUN/hello.txt" "$(jq -r .upload.url <<<"$UPLOAD")" >/dev/null
ASSET_ID=$(jq -r .asset.id <<<"$UPLOAD")
OBJECT_KEY=$(jq -r .asset.object_key <<<"$UPLOAD")
[ "$(api 200 -X POST "$BASE/api/v1/assets/$ASSET_ID/confirm" -H "Authorization: Bearer $SK_KEY" | jq -r .state)" = ready ] \
    || die "the uploaded asset did not become ready"
export BENCH_SK_KEY=$SK_KEY
# the owner's access token and team, for the same signing request as a person (JWT + X-Team-ID)
BENCH_JWT=$(jwt bench-owner)
export BENCH_JWT BENCH_TEAM=$TEAM
export BENCH_OBJECT_PATH=${OBJECT_KEY#"$TEAM"/}
BENCH_OBJECT_KEY_ENCODED=$(jq -rn --arg k "$OBJECT_KEY" '$k | @uri')
export BENCH_OBJECT_KEY_ENCODED
# upload_url_quota: the same upload URLs for a second team that has a quota (never reached: every request
# reserves under it, as with a quota a team is close to; issue 20), set by a platform admin
read -r QUOTA_TEAM QUOTA_SK_KEY <<<"$(new_team_and_key bench-owner bench-quota)"
api 200 -X PUT "$BASE/api/v1/teams/$QUOTA_TEAM/quota" -H "Authorization: Bearer $(jwt bench-admin '["platform-admin"]')" \
    -H 'Content-Type: application/json' -d '{"quota_bytes":1000000000000000,"quota_files":1000000000}' >/dev/null
export BENCH_QUOTA_SK_KEY=$QUOTA_SK_KEY
# a download link of that asset without max_uses (issue 22), for link: GET /l/<token>, counted and logged per use
LINK=$(api 201 -X POST "$BASE/api/v1/links" -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
    -d "{\"asset_id\":\"$ASSET_ID\",\"expires_at\":\"$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)\"}")
BENCH_LINK_PATH=/l/$(jq -r '.url | split("/l/")[1]' <<<"$LINK")
export BENCH_LINK_PATH
[ "$BENCH_LINK_PATH" != /l/null ] || die "could not create the download link: $LINK"
# a pending multipart upload of 205 parts (1 GiB in 5 MiB parts), for sign_parts: 100 part URLs per request
MULTIPART=$(api 201 -X POST "$BASE/api/v1/assets/multipart" -H "Authorization: Bearer $SK_KEY" \
    -H 'Content-Type: application/json' \
    -d '{"type":"video","content_type":"video/mp4","file_name":"bench-multipart.mp4","file_size":1073741824,"part_size":5242880}')
BENCH_MULTIPART_ID=$(jq -r .asset.id <<<"$MULTIPART")
export BENCH_MULTIPART_ID
[ "$(jq -r .multipart.part_count <<<"$MULTIPART")" = 205 ] || die "the multipart upload for sign_parts has not 205 parts: $MULTIPART"
# BENCH_MODE=pg_restart: presign load across a PostgreSQL restart instead of the scenarios (bench/pg-restart.sh)
if [ "${BENCH_MODE:-}" = pg_restart ]; then
    . "$ROOT/bench/pg-restart.sh"
    exit 0
fi
# BENCH_MODE=webhook_delivery: how fast events reach one webhook (bench/webhook-delivery.sh)
if [ "${BENCH_MODE:-}" = webhook_delivery ]; then
    . "$ROOT/bench/webhook-delivery.sh"
    exit 0
fi
# BENCH_MODE=webhooks: upload URLs with and without a webhook configured (bench/webhooks.sh)
if [ "${BENCH_MODE:-}" = webhooks ]; then
    . "$ROOT/bench/webhooks.sh"
    exit 0
fi

log "setup: a second team with $USAGE_ROWS ready asset rows (psql, generate_series)"
read -r USAGE_TEAM USAGE_KEY <<<"$(new_team_and_key usage-owner usage)"
[ -n "${USAGE_TEAM:-}" ] && [ -n "${USAGE_KEY:-}" ] || die "could not create the usage team and its key"
export BENCH_USAGE_KEY=$USAGE_KEY
start_rows=$(date +%s)
# The assets_usage trigger upserts one counter row per inserted row; for a bulk load of a million rows in
# one transaction that is very slow (every upsert walks the same counter row's growing version chain:
# 100k rows took ~50 s here). So the rows go in with triggers off (session_replication_role = replica),
# and the counters are then written exactly as the trigger would have kept them, in one statement.
psql -v ON_ERROR_STOP=1 -q >"$RUN/rows.log" 2>&1 <<SQL || die "bulk insert failed; see $RUN/rows.log"
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO workflows (id, team_id, name, created_by)
SELECT gen_random_uuid(), '$USAGE_TEAM', 'workflow-' || w, 'usage-owner' FROM generate_series(1, 10) w;
CREATE TEMP TABLE wf AS SELECT row_number() OVER (ORDER BY name) AS n, id FROM workflows WHERE team_id = '$USAGE_TEAM';
INSERT INTO assets (id, team_id, created_by, type, kind, state, object_key, file_name, content_type,
                    declared_size, size_bytes, workflow_id, created_at, updated_at)
SELECT g.id, '$USAGE_TEAM', 'user-' || (g.i % 5), 'data', g.kind, 'ready',
       '$USAGE_TEAM/' || g.kind || 's/' || g.id || '/file-' || g.i || '.bin',
       'file-' || g.i || '.bin', 'application/octet-stream', 1000 + g.i % 1000, 1000 + g.i % 1000, wf.id, now(), now()
FROM (SELECT i, gen_random_uuid() AS id, CASE WHEN i % 2 = 0 THEN 'input' ELSE 'output' END AS kind
      FROM generate_series(1, $USAGE_ROWS) i) g
LEFT JOIN wf ON wf.n = g.i % 11;
INSERT INTO asset_usage (team_id, workflow_id, kind, created_by, bytes, files)
SELECT team_id, coalesce(workflow_id, '00000000-0000-0000-0000-000000000000'), kind, created_by,
       sum(coalesce(size_bytes, 0)), count(*)
FROM assets WHERE team_id = '$USAGE_TEAM' AND state = 'ready' GROUP BY 1, 2, 3, 4;
COMMIT;
ANALYZE assets;
ANALYZE asset_usage;
SQL
read -r DB_FILES DB_BYTES <<<"$(psql -AtF' ' -c "SELECT count(*), sum(size_bytes) FROM assets WHERE team_id = '$USAGE_TEAM' AND state = 'ready'")"
USAGE=$(api 200 "$BASE/api/v1/objects/storage-usage" -H "Authorization: Bearer $USAGE_KEY")
[ "$(jq -r .fileCount <<<"$USAGE")" = "$DB_FILES" ] && [ "$(jq -r .totalBytes <<<"$USAGE")" = "$DB_BYTES" ] \
    || die "storage usage $(jq -c '{fileCount,totalBytes}' <<<"$USAGE") does not match the table ($DB_FILES files, $DB_BYTES bytes)"
log "  $DB_FILES rows in $(($(date +%s) - start_rows)) s; usage answers fileCount=$DB_FILES totalBytes=$DB_BYTES, $(jq '.breakdown | length' <<<"$USAGE") workflows"

# --- the scenarios ---------------------------------------------------------------------------------
# BENCH_SCENARIOS picks a subset (keep ceiling in it: ratios are to it); the targets need all six.
read -r -a SCENARIOS <<<"${BENCH_SCENARIOS:-ceiling signed_url signed_url_jwt upload_url upload_url_quota presign download link usage sign_parts}"
declare -A EXPECT=([ceiling]=200 [signed_url]=200 [signed_url_jwt]=200 [upload_url]=201 [upload_url_quota]=201 [presign]=200 [download]=302 [usage]=200 [sign_parts]=200 [link]=302)
declare -A ROW_FILE=([upload_url]=bench-upload.txt [upload_url_quota]=bench-upload.txt [presign]=bench-presign.bin)
declare -A ROW_TEAM=([upload_url_quota]=$QUOTA_TEAM)
one_request() { # the scenario's request, once, with curl: prints the status
    case $1 in
    ceiling) curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "$BASE/api/v1/objects/download" ;;
    signed_url) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/inference/assets/signed-url" \
        -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d "{\"object_path\":\"$BENCH_OBJECT_PATH\",\"expires_in\":600}" ;;
    signed_url_jwt) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/inference/assets/signed-url" \
        -H "Authorization: Bearer $BENCH_JWT" -H "X-Team-ID: $BENCH_TEAM" -H 'Content-Type: application/json' \
        -d "{\"object_path\":\"$BENCH_OBJECT_PATH\",\"expires_in\":600}" ;;
    upload_url) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/assets/upload-url" \
        -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d '{"type":"document","content_type":"text/plain","file_name":"bench-upload.txt","file_size":1024}' ;;
    upload_url_quota) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/assets/upload-url" \
        -H "Authorization: Bearer $QUOTA_SK_KEY" -H 'Content-Type: application/json' \
        -d '{"type":"document","content_type":"text/plain","file_name":"bench-upload.txt","file_size":1024}' ;;
    presign) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/r/files/presign" \
        -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d '{"file_name":"bench-presign.bin","file_size":2048,"content_type":"application/octet-stream"}' ;;
    download) curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/objects/download?objectKey=$BENCH_OBJECT_KEY_ENCODED&type=attachment" ;;
    usage) curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/objects/storage-usage" -H "Authorization: Bearer $USAGE_KEY" ;;
    link) curl -s -o /dev/null -w '%{http_code}' "$BASE$BENCH_LINK_PATH" ;;
    sign_parts) curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/assets/$BENCH_MULTIPART_ID/multipart/parts" \
        -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d "{\"part_numbers\":[$(seq -s, 1 100)]}" ;;
    esac
}
for s in "${SCENARIOS[@]}"; do
    code=$(one_request "$s")
    [ "$code" = "${EXPECT[$s]}" ] || die "scenario $s: one request answered $code, expected ${EXPECT[$s]}"
done
count_rows() { psql -Atc "SELECT count(*) FROM assets WHERE team_id = '${2:-$TEAM}' AND file_name = '$1'"; }
run_wrk() { # run_wrk <scenario> <label> <seconds> <result-file>
    (cd "$ROOT/bench/wrk" && BENCH_SCENARIO=$2 WRK_RESULT=$4 \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --timeout 10s -s "$1.lua" "$BASE") >"$RUN/wrk-$2.txt" 2>&1 \
        || die "wrk failed for $2; see $RUN/wrk-$2.txt"
}

: >"$RUN/results.jsonl"
for s in "${SCENARIOS[@]}"; do
    log "scenario $s: ${WARMUP} s warm-up, then ${DURATION} s measured (wrk -t$THREADS -c$CONNECTIONS)"
    run_wrk "$s" "$s-warmup" "$WARMUP" "$RUN/warmup.jsonl"
    sleep 1
    rows_before=0
    [ -z "${ROW_FILE[$s]:-}" ] || rows_before=$(count_rows "${ROW_FILE[$s]}" "${ROW_TEAM[$s]:-}")
    thread_ticks "$APP_PID" >"$RUN/threads-$s.before"
    read -r a0 s0 p0 m0 t0 <<<"$(snapshot)"
    log_errors0=$(grep -c ' ERROR ' "$RUN/app-main.log" || true)
    rm -f "$RUN/wrk-$s.jsonl" # wrk appends: a scenario named twice in BENCH_SCENARIOS gets one line a slice
    run_wrk "$s" "$s" "$DURATION" "$RUN/wrk-$s.jsonl"
    read -r a1 s1 p1 m1 t1 <<<"$(snapshot)"
    log_errors=$(($(grep -c ' ERROR ' "$RUN/app-main.log" || true) - log_errors0))
    thread_ticks "$APP_PID" >"$RUN/threads-$s.after"
    requests=$(jq -r .requests "$RUN/wrk-$s.jsonl")
    awk -F'\t' -v hz="$HZ" -v n="$requests" 'FNR == NR { before[$1] = $3; next }
        { d = $3 - before[$1]; if (d < 0) d = $3; by[$2] += d; all += d }
        END { printf "%8.0f µs/req  all app threads\n", 1e6 * all / hz / n;
              for (k in by) if (by[k] > 0) printf "%8.0f µs/req  %s\n", 1e6 * by[k] / hz / n, k }' \
        "$RUN/threads-$s.before" "$RUN/threads-$s.after" | sort -rn >"$RUN/cpu-by-thread-$s.txt"
    rm -f "$RUN/threads-$s.before" "$RUN/threads-$s.after"
    # Signet's own metrics after the scenario (group sizes of the grouped statements, backlogs), cumulative
    curl -s "$BASE/q/metrics" | grep '^signet_' >"$RUN/metrics-after-$s.txt" || true
    sleep 1
    rows=null
    [ -z "${ROW_FILE[$s]:-}" ] || rows=$(($(count_rows "${ROW_FILE[$s]}" "${ROW_TEAM[$s]:-}") - rows_before))
    jq -c --argjson rows "$rows" --argjson log_errors "$log_errors" --arg hz "$HZ" --arg n "$(nproc)" \
        --argjson app $((a1 - a0)) --argjson s3 $((s1 - s0)) --argjson pg $((p1 - p0)) \
        --argjson busy $((m1 - m0)) --argjson total $((t1 - t0)) '
        . as $r | ($hz | tonumber) as $hz | ($n | tonumber) as $n
        | ($r.requests - $r.status_errors) as $ok
        | . + { ok_responses: $ok, rows_created: $rows, app_log_error_lines: $log_errors,
                errors: ($r.status_errors + $r.connect_errors + $r.read_errors + $r.write_errors + $r.timeouts),
                cpu_ms_per_req: { app: (1000 * $app / $hz / $r.requests), s3proxy: (1000 * $s3 / $hz / $r.requests),
                                  postgres: (1000 * $pg / $hz / $r.requests),
                                  everything_else: (1000 * ($busy - $app - $s3 - $pg) / $hz / $r.requests) },
                machine_busy_pct: (if $total > 0 then 100 * $busy / $total else null end) }' \
        "$RUN/wrk-$s.jsonl" >>"$RUN/results.jsonl"
    log "  $(tail -1 "$RUN/results.jsonl" | jq -r '"\(.rps|floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, errors \(.errors), app ERROR log lines \(.app_log_error_lines), app CPU \(.cpu_ms_per_req.app*1000|floor) µs/req" + (if .rows_created != null then ", rows \(.rows_created) for \(.ok_responses) 2xx" else "" end)')"
done
RSS_KB=$(awk '/VmRSS/{print $2}' "/proc/$APP_PID/status")
# wrk stops with up to $CONNECTIONS requests in flight, which the server completes (rows) but wrk never
# counts; so the exact check is a fixed number of requests (ExactCount, java.net.http), $CONNECTIONS at a time.
EXACT_N=${BENCH_EXACT_REQUESTS:-2000}
exact_check() { # exact_check <scenario> <path> <body> <file name>: rows created == 2xx over EXACT_N requests
    local before after result
    before=$(count_rows "$4")
    result=$(java -cp "$TEST_CP" dev.signet.bench.ExactCount "$BASE$2" "$3" "$EXACT_N" "$CONNECTIONS" \
        "Authorization: Bearer $SK_KEY") || die "ExactCount failed for $1"
    sleep 1
    after=$(count_rows "$4")
    jq -c --arg s "$1" --argjson rows $((after - before)) '. + {scenario: $s, rows_created: $rows, equal: ($rows == .ok)}' \
        <<<"$result" >>"$RUN/exact.jsonl"
    log "  exact check $1: $(tail -1 "$RUN/exact.jsonl")"
}
: >"$RUN/exact.jsonl"
exact_check upload_url /api/v1/assets/upload-url \
    '{"type":"document","content_type":"text/plain","file_name":"bench-exact-upload.txt","file_size":1024}' bench-exact-upload.txt
exact_check presign /api/v1/r/files/presign \
    '{"file_name":"bench-exact-presign.bin","file_size":2048,"content_type":"application/octet-stream"}' bench-exact-presign.bin
HWM_KB=$(awk '/VmHWM/{print $2}' "/proc/$APP_PID/status")
grep -oE 'HR[0-9]+: [A-Za-z ]+|HHH[0-9]+: [A-Za-z ]+|possible non-threadsafe access to session|No current Mutiny.Session found|Mutiny had to drop the following exception: [A-Za-z.]+' \
    "$RUN/app-main.log" | sort | uniq -c | sort -rn >"$RUN/app-errors.txt" || true
log "RSS after the load: $((RSS_KB / 1024)) MiB (peak $((HWM_KB / 1024)) MiB; $((RSS_READY_KB / 1024)) MiB when ready)"
if [ "$JVM" = 1 ]; then
    jcmd "$APP_PID" GC.heap_info >"$RUN/heap-after-load.txt" 2>&1 || true
    # with BENCH_JVM_EXTRA=-XX:NativeMemoryTracking=summary: where the RSS after the load goes
    jcmd "$APP_PID" VM.native_memory summary >"$RUN/nmt-after-load.txt" 2>&1 || true
fi
rss_by_mapping "$APP_PID" >"$RUN/rss-by-mapping-after-load.txt"
[ "$JVM" = 1 ] || "$ROOT/bench/native-pages.py" "$APP_PID" >"$RUN/native-code-by-package-after-load.txt" 2>&1 || true
# the largest resident mappings (anonymous memory outside the JVM's own accounting, shared libraries)
{ head -2 "/proc/$APP_PID/smaps_rollup"; grep -E '^(Rss|Anonymous|Shared_Clean|Private_Clean)' "/proc/$APP_PID/smaps_rollup"
  echo; pmap -x "$APP_PID" | sort -k3 -n -r | head -40; } >"$RUN/rss-after-load.txt" 2>&1 || true

# --- profiles of the hot paths (JFR, after the measured run, so they cost the figures nothing) ----
# Native: perf samples (cpu-clock) of the whole process with call chains; method names need an executable
# built with local symbols (-Dquarkus.native.additional-build-args-append=-H:-DeleteLocalSymbols,-H:+PreserveFramePointer).
perf_top() { # perf_top <perf.data> <out.txt>: the hottest symbols, self and with callees
    { echo "# self"; perf report -i "$1" --no-children --sort dso,sym -g none -q --percent-limit 0.5 2>/dev/null | head -60
      echo; echo "# with callees"; perf report -i "$1" --children --sort sym -g none -q --percent-limit 2 2>/dev/null | head -80; } >"$2" || true
}
if [ "$PROFILE" = 1 ]; then
    for s in "${SCENARIOS[@]}"; do
        if [ "$JVM" = 1 ]; then
            log "profiling $s (JFR settings=profile, ${PROFILE_SECONDS} s under the same load)"
            jcmd "$APP_PID" JFR.start name="$s" settings=profile filename="$RUN/profile-$s.jfr" >/dev/null
            run_wrk "$s" "$s-profile" "$PROFILE_SECONDS" "$RUN/profile.jsonl"
            jcmd "$APP_PID" JFR.stop name="$s" >/dev/null
        else
            log "profiling $s (perf record -e cpu-clock -g, ${PROFILE_SECONDS} s under the same load)"
            perf record -q -e cpu-clock -F 999 -g -p "$APP_PID" -o "$RUN/profile-$s.perf" -- sleep "$PROFILE_SECONDS" >/dev/null 2>&1 &
            run_wrk "$s" "$s-profile" "$PROFILE_SECONDS" "$RUN/profile.jsonl"
            wait $! || true
            perf_top "$RUN/profile-$s.perf" "$RUN/profile-$s.txt"
        fi
    done
fi

# --- start to ready again: migrated database, then once with JFR to see where start-up goes ------
stop_pid "$APP_PID"
start_app restart
RESTART_READY_MS=$READY_MS
RESTART_QUARKUS_STARTED=$QUARKUS_STARTED
stop_pid "$APP_PID"
if [ "$PROFILE" = 1 ] && [ "$JVM" = 1 ]; then
    start_app startup-profile "-XX:StartFlightRecording=name=startup,settings=profile,filename=$RUN/profile-startup.jfr" \
        -XX:NativeMemoryTracking=summary
    jcmd "$APP_PID" JFR.stop name=startup >/dev/null
    jcmd "$APP_PID" VM.native_memory summary >"$RUN/nmt-at-ready.txt" 2>&1 || true
    thread_cpu "$APP_PID" >"$RUN/startup-profile-cpu-by-thread.txt"
    stop_pid "$APP_PID"
elif [ "$PROFILE" = 1 ]; then
    # perf runs the executable from exec to ready (restart on the migrated database), then it is stopped
    NATIVE_EXE_REAL=$NATIVE_EXE
    NATIVE_EXE=$RUN/perf-startup.sh
    printf '#!/bin/sh\nexec perf record -q -e cpu-clock -F 9999 -g -o %q -- %q "$@"\n' "$RUN/profile-startup.perf" "$NATIVE_EXE_REAL" >"$NATIVE_EXE"
    chmod +x "$NATIVE_EXE"
    start_app startup-profile
    thread_cpu "$(pgrep -P "$APP_PID" | head -1)" >"$RUN/startup-profile-cpu-by-thread.txt"
    kill -TERM "$(pgrep -P "$APP_PID" | head -1)" 2>/dev/null || true
    stop_pid "$APP_PID"
    NATIVE_EXE=$NATIVE_EXE_REAL
    perf_top "$RUN/profile-startup.perf" "$RUN/profile-startup.txt"
fi
APP_PID=

# --- row checks and the summary ------------------------------------------------------------------
ceiling_rps=$(jq -r 'select(.scenario == "ceiling") | .rps' "$RUN/results.jsonl")
RSS_MIB=$((RSS_KB / 1024))
met() { if [ "$1" = true ]; then echo met; else echo "**not met**"; fi; }
{
    echo "| scenario | req/s | ratio to (1) | p50 ms | p99 ms | errors | app ERROR log lines | app CPU µs/req | S3Proxy µs/req | PostgreSQL µs/req | rows created / counted 2xx |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    jq -r --argjson c "$ceiling_rps" '"| \(.scenario) | \(.rps|floor) | \((100 * .rps / $c * 10 | round) / 10)% | \(.p50_ms*100|floor/100) | \(.p99_ms*100|floor/100) | \(.errors) | \(.app_log_error_lines) | \(.cpu_ms_per_req.app*1000|floor) | \(.cpu_ms_per_req.s3proxy*1000|floor) | \(.cpu_ms_per_req.postgres*1000|floor) | " + (if .rows_created != null then "\(.rows_created) / \(.ok_responses)" else "" end) + " |"' "$RUN/results.jsonl"
} >"$RUN/table.md"
ratio() { jq -r --arg s "$1" --argjson c "$ceiling_rps" 'select(.scenario == $s) | .rps / $c' "$RUN/results.jsonl"; }
field() { jq -r --arg s "$1" "select(.scenario == \$s) | $2" "$RUN/results.jsonl"; }
total_errors=$(( $(jq -s 'map(.errors) | add' "$RUN/results.jsonl") + $(jq -s 'map(.non_2xx) | add' "$RUN/exact.jsonl") ))
rows_ok=$(jq -s 'all(.equal)' "$RUN/exact.jsonl")
exact() { jq -r --arg s "$1" 'select(.scenario == $s) | "\(.rows_created) rows / \(.ok) 2xx of \(.requests)"' "$RUN/exact.jsonl"; }
{
    echo "# Signet benchmark run $(basename "$RUN")"
    echo
    case $TARGET in
    container) started="java with the flags of docker/Dockerfile.jvm: \`$JVM_FLAGS\`" ;;
    launcher) started="target/quarkus-app/signet (the README's command)${JVM_FLAGS:+, JAVA_OPTS=\`$JVM_FLAGS\`}" ;;
    plain) started="java -jar quarkus-run.jar${JVM_FLAGS:+ with \`$JVM_FLAGS\`}" ;;
    native) started="native executable $(basename "$NATIVE_EXE")${BENCH_NATIVE_EXTRA:+ $BENCH_NATIVE_EXTRA}" ;;
    esac
    echo "Target \`$TARGET\`: $started. wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per scenario after ${WARMUP} s warm-up, loopback."
    echo "Background load before the app started: $BACKGROUND_CORES of $(nproc) cores busy."
    echo
    cat "$RUN/table.md"
    echo
    echo "Start to ready (exec to first 200): first start (empty database, migrations) $FIRST_READY_MS ms (Quarkus: ${FIRST_QUARKUS_STARTED} s); restart $RESTART_READY_MS ms (Quarkus: ${RESTART_QUARKUS_STARTED} s)."
    echo "RSS: $((RSS_READY_KB / 1024)) MiB = $((RSS_READY_KB * 1024 / 1000000)) MB when ready, $RSS_MIB MiB = $((RSS_KB * 1024 / 1000000)) MB after the load (peak $((HWM_KB / 1024)) MiB)."
    echo "Where it is (resident kB per mapping): rss-by-mapping-at-ready.txt, rss-by-mapping-after-load.txt."
    echo
    echo "| target | measured | |"
    echo "|---|---|---|"
    echo "| (5) public download >= 50% of ceiling | $(awk -v r="$(ratio download)" 'BEGIN{printf "%.1f%%", 100*r}') | $(met "$(awk -v r="$(ratio download)" 'BEGIN{print (r >= 0.5) ? "true" : "false"}')") |"
    echo "| (2) signed-url >= 50% of ceiling | $(awk -v r="$(ratio signed_url)" 'BEGIN{printf "%.1f%%", 100*r}') | $(met "$(awk -v r="$(ratio signed_url)" 'BEGIN{print (r >= 0.5) ? "true" : "false"}')") |"
    echo "| (3) upload-url >= 25% of ceiling | $(awk -v r="$(ratio upload_url)" 'BEGIN{printf "%.1f%%", 100*r}') | $(met "$(awk -v r="$(ratio upload_url)" 'BEGIN{print (r >= 0.25) ? "true" : "false"}')") |"
    echo "| (4) presign >= 25% of ceiling | $(awk -v r="$(ratio presign)" 'BEGIN{printf "%.1f%%", 100*r}') | $(met "$(awk -v r="$(ratio presign)" 'BEGIN{print (r >= 0.25) ? "true" : "false"}')") |"
    if [[ " ${SCENARIOS[*]} " == *" link "* && " ${SCENARIOS[*]} " == *" download "* ]]; then
        link_ratio=$(jq -rs 'map({key: .scenario, value: .rps}) | from_entries | .link / .download' "$RUN/results.jsonl")
        echo "| (issue 22) download link >= 50% of the public download (within 2x) | $(awk -v r="$link_ratio" 'BEGIN{printf "%.1f%%", 100*r}') | $(met "$(awk -v r="$link_ratio" 'BEGIN{print (r >= 0.5) ? "true" : "false"}')") |"
    fi
    echo "| (6) usage p99 < 50 ms with $DB_FILES rows | $(field usage .p99_ms) ms | $(met "$(field usage '.p99_ms < 50')") |"
    # the issue's target is 250 MB: 250,000,000 bytes (238.4 MiB)
    echo "| RSS after the whole benchmark < 250 MB | $RSS_MIB MiB = $((RSS_KB * 1024 / 1000000)) MB | $(met "$([ $((RSS_KB * 1024)) -lt 250000000 ] && echo true || echo false)") |"
    echo "| start to ready < 2 s (first start) | $FIRST_READY_MS ms | $(met "$([ "$FIRST_READY_MS" -lt 2000 ] && echo true || echo false)") |"
    # issue 12: started as the README says, at most 230 MB after the benchmark on the JVM, under 100 MB native
    if [ "$JVM" = 1 ]; then rss_limit=230000000; else rss_limit=100000000; fi
    echo "| RSS after the whole benchmark <= $((rss_limit / 1000000)) MB (issue 12; judged for launcher and native) | $((RSS_KB * 1024 / 1000000)) MB | $(met "$([ $((RSS_KB * 1024)) -le $rss_limit ] && echo true || echo false)") |"
    echo "| zero non-2xx (other than the 302), wrk runs + exact checks | $total_errors | $(met "$([ "$total_errors" = 0 ] && echo true || echo false)") |"
    echo "| rows created = 2xx for (3) and (4) (exact check: $EXACT_N requests, $CONNECTIONS at a time) | (3) $(exact upload_url); (4) $(exact presign) | $(met "$rows_ok") |"
    echo
    echo "Rows vs counted 2xx during the wrk runs (wrk does not count the up to $CONNECTIONS requests in flight when it stops): (3) $(field upload_url .rows_created) / $(field upload_url .ok_responses), (4) $(field presign .rows_created) / $(field presign .ok_responses)."
} >"$RUN/summary.md"
# the same figures for bench/compare.sh
jq -s --arg target "$TARGET" --arg started "$started" --argjson first "$FIRST_READY_MS" --argjson restart "$RESTART_READY_MS" \
    --argjson rss_ready "$RSS_READY_KB" --argjson rss_after "$RSS_KB" --argjson peak "$HWM_KB" --arg cores "$BACKGROUND_CORES" \
    '{ target: $target, started: $started, first_ready_ms: $first, restart_ready_ms: $restart, rss_ready_kib: $rss_ready,
       rss_after_load_kib: $rss_after, rss_peak_kib: $peak, background_cores: ($cores | tonumber),
       scenarios: map({ key: .scenario, value: { rps, p50_ms, p99_ms, errors, app_cpu_us_per_req: (.cpu_ms_per_req.app * 1000) } }) | from_entries }' \
    "$RUN/results.jsonl" >"$RUN/summary.json"

# --- stop the stack, then the JMH lower bound on a quieter machine --------------------------------
stop_pid "$STACK_PID"
STACK_PID=
if [ "$PROFILE" = 1 ] && [ "$JVM" = 1 ]; then
    for f in "$RUN"/profile-*.jfr; do
        java -cp "$TEST_CP" dev.signet.bench.JfrTop "$f" 30 >"${f%.jfr}.txt" 2>&1 || log "JfrTop failed for $f"
    done
    jfr summary "$RUN/profile-upload_url.jfr" >"$RUN/profile-upload_url.summary.txt" 2>&1 || true
fi
if [ "$JMH" = 1 ]; then
    log "JMH: the presigning layer alone (bench/jmh.sh)"
    "$ROOT/bench/jmh.sh" "$RUN/jmh" >"$RUN/jmh.log" 2>&1 || die "JMH failed; see $RUN/jmh.log"
    {
        echo
        echo "JMH, one thread (URLs/s per core):"
        echo
        echo "| benchmark | URLs/s | ± (99.9%) | µs/URL |"
        echo "|---|---:|---:|---:|"
        jq -r '.[] | "| \(.benchmark | sub(".*\\."; "")) | \(.primaryMetric.score|floor) | \(.primaryMetric.scoreError|floor) | \((1e6 / .primaryMetric.score * 100 | floor) / 100) |"' "$RUN/jmh/jmh.json"
    } >>"$RUN/summary.md"
fi
echo
cat "$RUN/summary.md"
log "done: $RUN"

# PostgreSQL restart under load: sourced by bench/run.sh when BENCH_MODE=pg_restart, once the app is up and
# the team, its sk- key and the ready asset exist (it uses run.sh's variables and functions: log, die,
# snapshot, ROOT, RUN, BASE, APP_PID, TEAM, THREADS, CONNECTIONS, WARMUP).
#
#   BENCH_MODE=pg_restart bench/run.sh
#
# Presign (reference 003, one row per 2xx) with wrk for BENCH_RESTART_LOAD (60) s; BENCH_RESTART_AT (25) s in,
# the embedded PostgreSQL is stopped (pg_ctl stop -m fast, through BenchStack) and BENCH_RESTART_DOWN (10) s
# later started again on the same port with the same data. Reported: answers by status (2xx / 503 / other),
# 5xx other than 503 (must be 0), 503s without Retry-After, socket errors, every answered file_key looked up
# in the table (a 2xx without its row is a lost row), rows nobody got a 2xx for, ERROR lines and outage
# lines in the app's log, and readiness during and after the outage.
# Knobs: BENCH_RESTART_LOAD=60 BENCH_RESTART_AT=25 BENCH_RESTART_DOWN=10

LOAD=${BENCH_RESTART_LOAD:-60}
AT=${BENCH_RESTART_AT:-25}
DOWN=${BENCH_RESTART_DOWN:-10}
FILE_NAME=bench-pg-restart.bin
[ -n "${BENCH_PG_DATA:-}" ] || die "BENCH_MODE=pg_restart needs the embedded PostgreSQL (no QUARKUS_DATASOURCE_REACTIVE_URL)"
[ $((AT + DOWN)) -lt "$LOAD" ] || die "BENCH_RESTART_AT + BENCH_RESTART_DOWN must end before BENCH_RESTART_LOAD"

stack_command() { # stack_command stop-postgres|start-postgres: BenchStack runs it; prints its answer
    local i
    rm -f "$RUN/stack.cmd.done"
    echo "$1" >"$RUN/stack.cmd.tmp" && mv "$RUN/stack.cmd.tmp" "$RUN/stack.cmd"
    for i in $(seq 1200); do
        [ -f "$RUN/stack.cmd.done" ] && { cat "$RUN/stack.cmd.done"; return; }
        sleep 0.1
    done
    die "BenchStack did not answer $1 within 120 s; see $RUN/stack.log"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
error_lines() { grep -cE '"level":"ERROR"| ERROR ' "$RUN/app-main.log" || true; }

log "pg_restart: ${WARMUP} s warm-up (presign), then ${LOAD} s of presign load with PostgreSQL stopped from ${AT} s to $((AT + DOWN)) s"
(cd "$ROOT/bench/wrk" && BENCH_SCENARIO=pg_restart-warmup WRK_RESULT="$RUN/warmup.jsonl" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP"s --timeout 10s -s presign.lua "$BASE") >"$RUN/wrk-pg_restart-warmup.txt" 2>&1 \
    || die "wrk warm-up failed; see $RUN/wrk-pg_restart-warmup.txt"
sleep 1
errors0=$(error_lines)
log_lines0=$(wc -l <"$RUN/app-main.log")
read -r a0 s0 p0 m0 t0 <<<"$(snapshot)"
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# readiness every 0.5 s for the whole run, in the background (the check is cached 2 s by the app); the loop
# ends with this script, and after LOAD + 120 s at the latest
(end=$(($(date +%s) + LOAD + 120)); while kill -0 $$ 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
    printf '%s %s\n' "$(now_ms)" "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$BASE/q/health/ready" || true)"
    sleep 0.5
done) >"$RUN/pg_restart-ready.txt" 2>/dev/null &
READY_PID=$!

t_load=$(now_ms)
(cd "$ROOT/bench/wrk" && BENCH_SCENARIO=pg_restart WRK_RESULT="$RUN/wrk-pg_restart.jsonl" WRK_KEYS="$RUN/pg_restart-keys.txt" \
    WRK_STATUSES="$RUN/pg_restart-statuses.json" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$LOAD"s --timeout 10s -s pg_restart.lua "$BASE") >"$RUN/wrk-pg_restart.txt" 2>&1 &
WRK_PID=$!
sleep "$AT"
t_stop=$(now_ms)
stop_answer=$(stack_command stop-postgres)
log "  PostgreSQL stopped at $(((t_stop - t_load) / 1000)) s: $stop_answer"
sleep "$DOWN"
t_start=$(now_ms)
start_answer=$(stack_command start-postgres)
t_started=$(now_ms)
log "  PostgreSQL started again at $(((t_start - t_load) / 1000)) s: $start_answer"
wait "$WRK_PID" || die "wrk failed; see $RUN/wrk-pg_restart.txt"
t_end=$(now_ms)
read -r a1 s1 p1 m1 t1 <<<"$(snapshot)"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# A pool query arms a timer of the pool's connection timeout (30 s); a failure scheduled that way shows
# up to 30 s after PostgreSQL is back, so the log is read 40 s after the start, not when the load ends.
settle=$((t_started + 40000 - $(now_ms)))
[ "$settle" -le 0 ] || { log "  waiting $((settle / 1000)) s (the pool's 30 s connection timeout) before reading the log"; sleep $((settle / 1000 + 1)); }
kill "$READY_PID" 2>/dev/null || true
ready_after=$(awk -v s="$t_started" '$1 >= s && $2 == 200 { print $1 - s; exit }' "$RUN/pg_restart-ready.txt")
ready_down=$(awk -v a="$t_stop" -v b="$t_start" '$1 >= a && $1 <= b && $2 == 503' "$RUN/pg_restart-ready.txt" | wc -l)

# every 2xx's file_key looked up in the table; rows nobody got a 2xx for, by when they were created
psql -v ON_ERROR_STOP=1 -q -AtF' ' >"$RUN/pg_restart-rows.txt" 2>&1 <<SQL || die "row check failed; see $RUN/pg_restart-rows.txt"
CREATE TEMP TABLE answered (object_key text);
\copy answered FROM '$RUN/pg_restart-keys.txt'
SELECT (SELECT count(*) FROM answered),
       (SELECT count(DISTINCT object_key) FROM answered),
       (SELECT count(*) FROM assets WHERE team_id = '$TEAM' AND file_name = '$FILE_NAME'),
       (SELECT count(*) FROM answered a WHERE NOT EXISTS (SELECT 1 FROM assets s WHERE s.object_key = a.object_key)),
       (SELECT count(*) FROM assets s WHERE team_id = '$TEAM' AND file_name = '$FILE_NAME'
            AND NOT EXISTS (SELECT 1 FROM answered a WHERE a.object_key = s.object_key)),
       (SELECT count(*) FROM assets s WHERE team_id = '$TEAM' AND file_name = '$FILE_NAME'
            AND created_at >= to_timestamp($t_end / 1000.0) - interval '2 seconds'
            AND NOT EXISTS (SELECT 1 FROM answered a WHERE a.object_key = s.object_key));
SQL
read -r keys distinct_keys rows lost unanswered unanswered_at_end <"$RUN/pg_restart-rows.txt"

tail -n +"$((log_lines0 + 1))" "$RUN/app-main.log" >"$RUN/pg_restart-app.log"
errors=$(($(error_lines) - errors0))
already_complete=$(grep -c 'Result is already complete' "$RUN/pg_restart-app.log" || true)
outage_lines=$(grep -E 'unavailable|available again' "$RUN/pg_restart-app.log" | grep -c 'dev.signet' || true)
grep -oE '"(level|loggerName)":"[^"]*"' "$RUN/pg_restart-app.log" | paste -d' ' - - | sort | uniq -c | sort -rn \
    >"$RUN/pg_restart-log-levels.txt" || true

jq -c --slurpfile st "$RUN/pg_restart-statuses.json" --argjson keys "$keys" --argjson distinct "$distinct_keys" \
    --argjson rows "$rows" --argjson lost "$lost" --argjson unanswered "$unanswered" \
    --argjson unanswered_at_end "$unanswered_at_end" --argjson errors "$errors" \
    --argjson already_complete "$already_complete" --argjson outage_lines "$outage_lines" \
    --argjson stopped_at "$(((t_stop - t_load) / 1000))" --argjson started_at "$(((t_start - t_load) / 1000))" \
    --arg stop "$stop_answer" --arg start "$start_answer" --argjson ready_after "${ready_after:-null}" \
    --argjson ready_503_samples "$ready_down" --arg load0 "$load0" --arg load1 "$load1" \
    --arg background "$BACKGROUND_CORES" --arg hz "$HZ" \
    --argjson app $((a1 - a0)) --argjson pg $((p1 - p0)) --argjson busy $((m1 - m0)) --argjson total $((t1 - t0)) '
    ($st[0].statuses) as $s | ($hz | tonumber) as $hz
    | ([$s | to_entries[] | select(.key | startswith("2")) | .value] | add // 0) as $ok
    | ($s["503"] // 0) as $unavailable
    | . + { statuses: $s, ok: $ok, unavailable_503: $unavailable,
            other: ([$s | to_entries[] | select((.key | startswith("2") | not) and .key != "503") | .value] | add // 0),
            non_503_5xx: ([$s | to_entries[] | select((.key | startswith("5")) and .key != "503") | .value] | add // 0),
            "503_without_retry_after": $st[0]["503_without_retry_after"],
            socket_errors: (.connect_errors + .read_errors + .write_errors + .timeouts),
            keys: $keys, distinct_keys: $distinct, rows: $rows, lost_rows: $lost,
            rows_without_2xx: $unanswered, rows_without_2xx_in_last_2s: $unanswered_at_end,
            app_error_lines: $errors, result_already_complete: $already_complete, outage_log_lines: $outage_lines,
            postgres_stopped_at_s: $stopped_at, postgres_started_at_s: $started_at, stop: $stop, start: $start,
            ready_ms_after_start: $ready_after, ready_503_samples_while_down: $ready_503_samples,
            loadavg_before: $load0, loadavg_after: $load1, background_cores_before_app: $background,
            app_cpu_s: ($app / $hz), postgres_cpu_s: ($pg / $hz),
            machine_busy_pct: (if $total > 0 then 100 * $busy / $total else null end) }' \
    "$RUN/wrk-pg_restart.jsonl" >"$RUN/pg_restart.json"

{
    echo "# PostgreSQL restart under load, run $(basename "$RUN")"
    echo
    jq -r '"wrk -t'"$THREADS"' -c'"$CONNECTIONS"', \(.seconds | floor) s of presign (003); PostgreSQL stopped at \(.postgres_stopped_at_s) s (\(.stop) ms), started at \(.postgres_started_at_s) s (\(.start) ms).",
        "Machine: load average \(.loadavg_before) before, \(.loadavg_after) after; \(.background_cores_before_app) cores busy before the app started; \(.machine_busy_pct | floor)% busy during the run.",
        "",
        "| requests | 2xx | 503 | other | 5xx other than 503 | 503 without Retry-After | socket errors | req/s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| \(.requests) | \(.ok) | \(.unavailable_503) | \(.other) | \(.non_503_5xx) | \(."503_without_retry_after") | \(.socket_errors) | \(.rps | floor) |",
        "",
        "Statuses: \(.statuses | tojson).",
        "",
        "Rows: \(.keys) file keys answered with 2xx (\(.distinct_keys) distinct), \(.rows) rows; **\(.lost_rows) answered keys without a row**; \(.rows_without_2xx) rows nobody counted a 2xx for, \(.rows_without_2xx_in_last_2s) of them created in the last 2 s of the load (in flight when wrk stopped).",
        "",
        "App log during the run (read 40 s after PostgreSQL was back): \(.app_error_lines) ERROR lines, \(.result_already_complete) \"Result is already complete\", \(.outage_log_lines) outage lines (dev.signet).",
        "Readiness: 503 in \(.ready_503_samples_while_down) samples while PostgreSQL was down; 200 again \(.ready_ms_after_start) ms after it was started (polled every 0.5 s, cached 2 s by the app)."' \
        "$RUN/pg_restart.json"
} >"$RUN/summary.md"
log "pg_restart: $(jq -c '{ok, unavailable_503, other, non_503_5xx, lost_rows, rows_without_2xx, app_error_lines, result_already_complete, outage_log_lines, ready_ms_after_start}' "$RUN/pg_restart.json")"
echo
cat "$RUN/summary.md"
log "done: $RUN"

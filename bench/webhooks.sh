# Upload URLs with and without a webhook (issue 15): sourced by bench/run.sh when BENCH_MODE=webhooks, once the
# app is up and the team, its sk- key and the ready asset exist (it uses run.sh's variables and functions: log,
# die, api, cleanup, ROOT, RUN, BASE, SK_KEY, TEAM, ASSET_ID, THREADS, CONNECTIONS, WARMUP, DURATION).
#
#   BENCH_MODE=webhooks bench/run.sh
#
# Reference 002's upload URL under wrk, in alternating rounds on the same app, database and machine:
#   none   - the team has no webhook;
#   hook   - the team has a webhook for every event type (a local receiver answering 204);
#   writes - no webhook, while a worker writes back a duration up to BENCH_HOOK_EVENTS_PER_S (20) times a second
#            (PATCH with curl from a shell loop): asset.updated events are written, nothing is delivered;
#   busy   - the webhook and the same writer: the events are also delivered during the run. busy against writes
#            is what delivering costs the machine; writes against none is what the writer itself costs.
# The machine is shared, so the comparison is a ratio within one run, over BENCH_HOOK_ROUNDS (3) rounds of each.
# Also checked: the upload runs wrote no event at all (creating a pending upload is not a change of state).
# Knobs: BENCH_HOOK_ROUNDS=3 BENCH_HOOK_EVENTS_PER_S=20 BENCH_HOOK_PORT=18099

ROUNDS=${BENCH_HOOK_ROUNDS:-3}
EVENTS_PER_S=${BENCH_HOOK_EVENTS_PER_S:-20}
HOOK_PORT=${BENCH_HOOK_PORT:-18099}
command -v node >/dev/null || die "BENCH_MODE=webhooks needs node (the local webhook receiver)"

# the receiver: answers 204 to everything, counts what it got
node -e '
let n = 0;
require("http").createServer((q, s) => { q.resume(); q.on("end", () => { n++; s.writeHead(204).end(); }); })
  .listen(+process.argv[1], "127.0.0.1");
process.on("SIGTERM", () => { require("fs").writeFileSync(process.argv[2], String(n)); process.exit(0); });' \
    "$HOOK_PORT" "$RUN/webhooks-received.txt" >"$RUN/webhook-receiver.log" 2>&1 &
HOOK_PID=$!
# (set +e: under errexit the failing status handed on to run.sh's cleanup would end the trap before it)
trap 'rc=$?; set +e; kill -TERM $HOOK_PID 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 50); do curl -s -o /dev/null -X POST "http://127.0.0.1:$HOOK_PORT/" && break; sleep 0.1; done

hook_wrk() { # hook_wrk <label> <seconds> <result-file>: reference 002's upload URL (bench/wrk/upload_url.lua)
    (cd "$ROOT/bench/wrk" && BENCH_SCENARIO=$1 WRK_RESULT=$3 \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --timeout 10s -s upload_url.lua "$BASE") >"$RUN/wrk-$1.txt" 2>&1 \
        || die "wrk failed for $1; see $RUN/wrk-$1.txt"
}
events_of_team() { psql -Atc "SELECT count(*) FROM asset_events WHERE team_id = '$TEAM'"; }
attempts_of_team() { psql -Atc "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhooks w ON w.id = d.webhook_id WHERE w.team_id = '$TEAM'"; }
create_webhook() {
    api 201 -X POST "$BASE/api/v1/webhooks" -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT/signet\"}" | jq -r .id
}
delete_webhook() { api 204 -X DELETE "$BASE/api/v1/webhooks/$1" -H "Authorization: Bearer $SK_KEY" >/dev/null; }
writer() { # PATCH the ready asset's duration EVENTS_PER_S times a second until killed: one asset.updated each
    local i=0 pause
    pause=$(awk -v r="$EVENTS_PER_S" 'BEGIN { printf "%.4f", 1 / r }')
    while :; do
        i=$((i + 1))
        curl -s -o /dev/null -X PATCH "$BASE/api/v1/assets/$ASSET_ID" -H "Authorization: Bearer $SK_KEY" \
            -H 'Content-Type: application/json' -d "{\"duration_seconds\":$i}"
        sleep "$pause"
    done
}

# The table per variant: median and mean req/s and their ratio to none; app and PostgreSQL CPU per upload (median
# over rounds); app CPU per event written beyond what the same number of uploads cost in that round's none run.
summary_by_variant() {
    echo "| variant | median req/s | ratio to none | mean req/s | ratio to none | app CPU µs/upload (median) | PostgreSQL CPU µs/upload (median) | events/s written | delivery attempts/s | app CPU ms per event (median) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    jq -rs --argjson d "$DURATION" '
        def median: sort | if length % 2 == 1 then .[(length - 1) / 2] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        (map(select(.variant == "none")) | map({key: (.round | tostring), value: .app_us_per_upload}) | from_entries) as $base
        | map(. + {per_event: (if .events > 0 then (.app_cpu_ms - $base[.round | tostring] * .requests / 1000) / .events
                               else null end)})
        | group_by(.variant)
        | map({v: .[0].variant, med: (map(.rps) | median), mean: (map(.rps) | add / length),
               app: (map(.app_us_per_upload) | median), pg: (map(.pg_us_per_upload) | median),
               ev: (map(.events) | add / length / $d), at: (map(.delivery_attempts) | add / length / $d),
               pe: (map(.per_event) | map(select(. != null)) | if length > 0 then median else null end)}) as $g
        | ($g[] | select(.v == "none")) as $none
        | $g | sort_by({none: 0, hook: 1, writes: 2, busy: 3}[.v]) | .[]
        | "| \(.v) | \(.med|floor) | \((.med / $none.med * 1000 | round) / 1000) | \(.mean|floor) | \((.mean / $none.mean * 1000 | round) / 1000) | \(.app|floor) | \(.pg|floor) | \(.ev * 10 | round / 10) | \(.at * 10 | round / 10) | \(if .pe == null then "" else (.pe * 100 | round / 100) end) |"' "$1"
    echo
    echo "App CPU ms per event: the app's CPU in a run less what its uploads cost at that round's none µs/upload, per event written (writes: the writer's PATCH; busy: the PATCH and its delivery)."
}

log "webhooks: upload_url without a webhook, with one, with a worker writing back up to $EVENTS_PER_S times a second, and with both; $ROUNDS rounds of ${DURATION} s each after ${WARMUP} s warm-up"
hook_wrk webhooks-warmup "$WARMUP" "$RUN/warmup.jsonl"
: >"$RUN/webhooks.jsonl"
events_before=$(events_of_team)
for round in $(seq "$ROUNDS"); do
    for variant in none hook writes busy; do
        hook=
        writer_pid=
        [ "$variant" = none ] || [ "$variant" = writes ] || hook=$(create_webhook)
        if [ "$variant" = busy ] || [ "$variant" = writes ]; then writer & writer_pid=$!; sleep 1; fi
        attempts0=$(attempts_of_team)
        events0=$(events_of_team)
        load0=$(cut -d' ' -f1 /proc/loadavg)
        read -r a0 _ p0 _ _ <<<"$(snapshot)"
        hook_wrk "webhooks-$variant-$round" "$DURATION" "$RUN/wrk-webhooks-$variant-$round.jsonl"
        read -r a1 _ p1 _ _ <<<"$(snapshot)"
        load1=$(cut -d' ' -f1 /proc/loadavg)
        [ -z "$writer_pid" ] || { kill "$writer_pid" 2>/dev/null; wait "$writer_pid" 2>/dev/null || true; }
        sleep 2 # the last deliveries
        attempts=$(($(attempts_of_team) - attempts0))
        events=$(($(events_of_team) - events0))
        [ -z "$hook" ] || delete_webhook "$hook"
        # CPU of the app and of PostgreSQL during the run (everything they did: uploads, and the writer's PATCHes
        # and the deliveries where there are any), per upload answered
        jq -c --arg v "$variant" --argjson round "$round" --argjson events "$events" --argjson attempts "$attempts" \
            --arg load "$load0 → $load1" --argjson app $((a1 - a0)) --argjson pg $((p1 - p0)) --argjson hz "$HZ" \
            '. + {variant: $v, round: $round, events: $events, delivery_attempts: $attempts, load1: $load,
                  app_us_per_upload: (1e6 * $app / $hz / .requests), pg_us_per_upload: (1e6 * $pg / $hz / .requests),
                  app_cpu_ms: (1000 * $app / $hz), pg_cpu_ms: (1000 * $pg / $hz)}' \
            "$RUN/wrk-webhooks-$variant-$round.jsonl" >>"$RUN/webhooks.jsonl"
        log "  round $round, $variant: $(tail -1 "$RUN/webhooks.jsonl" | jq -r '"\(.rps|floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, errors \(.status_errors + .connect_errors + .read_errors + .timeouts), events \(.events), delivery attempts \(.delivery_attempts), app CPU \(.app_us_per_upload|floor) µs/upload, load \(.load1)"')"
    done
done
upload_events=$(psql -Atc "SELECT count(*) FROM asset_events e JOIN assets a ON a.id = e.asset_id WHERE a.team_id = '$TEAM' AND a.file_name = 'bench-upload.txt'")
kill -TERM $HOOK_PID 2>/dev/null || true
wait $HOOK_PID 2>/dev/null || true
{
    echo "# Signet benchmark run $(basename "$RUN"): upload URLs with and without a webhook"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per run after ${WARMUP} s warm-up, loopback; $ROUNDS rounds of none / hook / writes / busy; commit $(git rev-parse --short HEAD)"
    echo "Background load before the app started: $BACKGROUND_CORES of $(nproc) cores busy."
    echo
    echo "| round | variant | req/s | p50 ms | p99 ms | errors | events written | delivery attempts | app CPU µs/upload | PostgreSQL CPU µs/upload | load (1 min) |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    jq -r '"| \(.round) | \(.variant) | \(.rps|floor) | \(.p50_ms*100|floor/100) | \(.p99_ms*100|floor/100) | \(.status_errors + .connect_errors + .read_errors + .timeouts) | \(.events) | \(.delivery_attempts) | \(.app_us_per_upload|floor) | \(.pg_us_per_upload|floor) | \(.load1) |"' "$RUN/webhooks.jsonl"
    echo
    summary_by_variant "$RUN/webhooks.jsonl"
    echo
    echo "Events written by the upload-url requests themselves: $upload_events (a pending upload is not a change of state)."
    echo "Messages the receiver got: $(cat "$RUN/webhooks-received.txt" 2>/dev/null || echo '?')."
} >"$RUN/summary.md"
echo
cat "$RUN/summary.md"
log "done: $RUN"

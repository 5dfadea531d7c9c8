# How fast events reach one webhook (issue 19): sourced by bench/run.sh when BENCH_MODE=webhook_delivery, once the
# app is up and the team, its sk- key and the ready asset exist (it uses run.sh's variables and functions: log,
# die, api, start_app, stop_pid, ROOT, RUN, BASE, SK_KEY, TEAM, ASSET_ID, APP_PID, BACKGROUND_CORES).
#
#   BENCH_MODE=webhook_delivery bench/run.sh
#   BENCH_MODE=webhook_delivery BENCH_DELIVERY_BASELINE=/tmp/signet-main/target/quarkus-app bench/run.sh
#
# One receiver on loopback (bench/webhook-delivery.mjs) answering 204 at once; one webhook of the team for every
# event type. Per round, two phases, each with a webhook of its own:
#   backlog - BENCH_DELIVERY_BACKLOG (2000) events and their deliveries committed in one transaction (psql, as a
#             burst of changes leaves them): deliveries/s from the commit to the last arrival;
#   steady  - write-backs (PATCH /assets/{id}, one asset.updated each) at BENCH_DELIVERY_RATE (50)/s for
#             BENCH_DELIVERY_SECONDS (10) s from BENCH_DELIVERY_CLIENTS (8) connections: from the 200 that answered
#             each write-back (the change confirmed) to its event's arrival (p50, p99, max). The clients all write
#             back to the one asset, so they wait for each other's row lock: measured from the answer, not from
#             the transaction's start, that wait is not counted as delivery time.
# Both count what never arrived and what arrived twice. With BENCH_DELIVERY_BASELINE (the target/quarkus-app of
# another build, e.g. main's), each round runs that app and then this one (target/quarkus-app), restarted in
# turn on the same database, so the two are compared within one run on the same machine (Flyway is told to
# let the baseline start on the database this build migrated: quarkus.flyway.migrations.ignore-migration-patterns).
# Knobs: BENCH_DELIVERY_ROUNDS=2 BENCH_DELIVERY_BACKLOG=2000 BENCH_DELIVERY_RATE=50 BENCH_DELIVERY_SECONDS=10
#        BENCH_DELIVERY_CLIENTS=8 BENCH_HOOK_PORT=18099

ROUNDS=${BENCH_DELIVERY_ROUNDS:-2}
BACKLOG=${BENCH_DELIVERY_BACKLOG:-2000}
RATE=${BENCH_DELIVERY_RATE:-50}
SECONDS_OF_LOAD=${BENCH_DELIVERY_SECONDS:-10}
CLIENTS=${BENCH_DELIVERY_CLIENTS:-8}
HOOK_PORT=${BENCH_HOOK_PORT:-18099}
BASELINE=${BENCH_DELIVERY_BASELINE:-}
command -v node >/dev/null || die "BENCH_MODE=webhook_delivery needs node (the receiver and the writer)"
[ -z "$BASELINE" ] || [ -f "$BASELINE/quarkus-run.jar" ] || die "BENCH_DELIVERY_BASELINE=$BASELINE: no quarkus-run.jar"
TOOL=$ROOT/bench/webhook-delivery.mjs

node "$TOOL" receive "$HOOK_PORT" "$RUN/webhook-arrivals.jsonl" >"$RUN/webhook-receiver.log" 2>&1 &
HOOK_PID=$!
# (set +e: under errexit the failing status handed on to run.sh's cleanup would end the trap before it)
trap 'rc=$?; set +e; kill -TERM $HOOK_PID 2>/dev/null; (exit $rc); cleanup' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$HOOK_PORT/count?path=/" && break; sleep 0.1; done

create_webhook() { # create_webhook <path>: prints its id
    api 201 -X POST "$BASE/api/v1/webhooks" -H "Authorization: Bearer $SK_KEY" -H 'Content-Type: application/json' \
        -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT$1\"}" | jq -r .id
}
delete_webhook() { api 204 -X DELETE "$BASE/api/v1/webhooks/$1" -H "Authorization: Bearer $SK_KEY" >/dev/null; }
arrived() { curl -s "http://127.0.0.1:$HOOK_PORT/count?path=$1"; }
await_arrivals() { # await_arrivals <path> <count> <seconds>
    local end=$((SECONDS + $3))
    while [ "$(arrived "$1")" -lt "$2" ] && [ $SECONDS -lt "$end" ]; do sleep 0.2; done
    sleep 2 # anything sent twice arrives by now
}
events_of() { # events_of <webhook id> <file>: each event delivered to it, with its commit time in ms
    psql -Atc "SELECT e.id, (extract(epoch FROM e.created_at) * 1000)::bigint, e.asset ->> 'duration_seconds'
               FROM webhook_deliveries d
               JOIN asset_events e ON e.id = d.event_id WHERE d.webhook_id = '$1'" -F $'\t' >"$2"
}
snapshot_notes() { # the receiver's notes so far (it writes them on SIGTERM only: restart it)
    kill -TERM $HOOK_PID; wait $HOOK_PID 2>/dev/null || true
    cat "$RUN/webhook-arrivals.jsonl" >>"$RUN/webhook-arrivals-all.jsonl"
    node "$TOOL" receive "$HOOK_PORT" "$RUN/webhook-arrivals.jsonl" >>"$RUN/webhook-receiver.log" 2>&1 &
    HOOK_PID=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$HOOK_PORT/count?path=/" && break; sleep 0.1; done
}

run_app() { # run_app <label> <app dir>: restarts the app from that directory
    stop_pid "$APP_PID"
    # an older build sees this one's later migrations as applied but unknown: let it start all the same
    export QUARKUS_FLYWAY_MIGRATIONS_IGNORE_MIGRATION_PATTERNS='*:future'
    APP_DIR=$2 start_app "$1"
}

phase_backlog() { # phase_backlog <label> <round>
    local path="/backlog-$1-$2" hook load0 load1
    hook=$(create_webhook "$path")
    load0=$(cut -d' ' -f1 /proc/loadavg)
    psql -q -c "WITH e AS (INSERT INTO asset_events (team_id, asset_id, type, asset)
                SELECT a.team_id, a.id, 'asset.updated', to_jsonb(a) FROM assets a, generate_series(1, $BACKLOG)
                WHERE a.id = '$ASSET_ID' RETURNING id)
                INSERT INTO webhook_deliveries (webhook_id, event_id) SELECT '$hook', id FROM e"
    await_arrivals "$path" "$BACKLOG" 300
    load1=$(cut -d' ' -f1 /proc/loadavg)
    events_of "$hook" "$RUN/events-$1-$2-backlog.tsv"
    delete_webhook "$hook"
    snapshot_notes
    node "$TOOL" report "$RUN/webhook-arrivals-all.jsonl" "$path" "$RUN/events-$1-$2-backlog.tsv" |
        jq -c --arg app "$1" --argjson round "$2" --arg load "$load0 → $load1" \
            '. + {app: $app, round: $round, phase: "backlog", load1: $load}' >>"$RUN/webhook-delivery.jsonl"
    log "  round $2, $1, backlog: $(tail -1 "$RUN/webhook-delivery.jsonl")"
}

phase_steady() { # phase_steady <label> <round>
    local path="/steady-$1-$2" hook load0 load1 writer
    hook=$(create_webhook "$path")
    load0=$(cut -d' ' -f1 /proc/loadavg)
    writer=$(node "$TOOL" load "$BASE" "$SK_KEY" "$ASSET_ID" "$RATE" "$SECONDS_OF_LOAD" "$CLIENTS" "$RUN/answers-$1-$2.jsonl")
    await_arrivals "$path" "$(jq .ok <<<"$writer")" 120
    load1=$(cut -d' ' -f1 /proc/loadavg)
    events_of "$hook" "$RUN/events-$1-$2-steady.tsv"
    delete_webhook "$hook"
    snapshot_notes
    node "$TOOL" report "$RUN/webhook-arrivals-all.jsonl" "$path" "$RUN/events-$1-$2-steady.tsv" "$RUN/answers-$1-$2.jsonl" |
        jq -c --arg app "$1" --argjson round "$2" --arg load "$load0 → $load1" --argjson writer "$writer" \
            '. + {app: $app, round: $round, phase: "steady", load1: $load, writer: $writer}' >>"$RUN/webhook-delivery.jsonl"
    log "  round $2, $1, steady: $(tail -1 "$RUN/webhook-delivery.jsonl")"
}

: >"$RUN/webhook-delivery.jsonl"
: >"$RUN/webhook-arrivals-all.jsonl"
APPS=("this:$ROOT/target/quarkus-app")
[ -z "$BASELINE" ] || APPS=("baseline:$BASELINE" "${APPS[@]}")
log "webhook delivery: $ROUNDS rounds of ${APPS[*]%%:*}; backlog of $BACKLOG, then $RATE events/s for $SECONDS_OF_LOAD s from $CLIENTS clients"
for round in $(seq "$ROUNDS"); do
    for app in "${APPS[@]}"; do
        label=${app%%:*}
        [ ${#APPS[@]} = 1 ] && [ "$round" = 1 ] || run_app "$label-$round" "${app#*:}"
        phase_backlog "$label" "$round"
        phase_steady "$label" "$round"
    done
done
kill -TERM $HOOK_PID 2>/dev/null || true
wait $HOOK_PID 2>/dev/null || true
{
    echo "# Signet benchmark run $(basename "$RUN"): webhook delivery to one receiver"
    echo
    echo "Receiver on loopback answering 204 at once; backlog of $BACKLOG committed at once; write-backs at $RATE/s for ${SECONDS_OF_LOAD} s from $CLIENTS clients; $ROUNDS rounds; commit $(git rev-parse --short HEAD); baseline: ${BASELINE:-none}"
    echo "Background load before the app started: $BACKGROUND_CORES of $(nproc) cores busy."
    echo
    echo "| round | app | phase | events | delivered | missing | duplicates | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | writer req/s | load (1 min) |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    jq -r '"| \(.round) | \(.app) | \(.phase) | \(.events) | \(.delivered) | \(.missing) | \(.duplicates) | \(.per_s) | \(.p50_ms) | \(.p90_ms) | \(.p99_ms) | \(.max_ms) | \(.writer.rate // "") | \(.load1) |"' \
        "$RUN/webhook-delivery.jsonl"
    if [ -n "$BASELINE" ]; then
        echo
        echo "| phase | deliveries/s: this ÷ baseline (mean of rounds) | p99: baseline ÷ this (mean of rounds) |"
        echo "|---|---:|---:|"
        jq -rs 'group_by(.phase)[] | . as $g
            | ($g | map(select(.app == "this")) | (map(.per_s) | add / length)) as $tr
            | ($g | map(select(.app == "baseline")) | (map(.per_s) | add / length)) as $br
            | ($g | map(select(.app == "this")) | (map(.p99_ms) | add / length)) as $tp
            | ($g | map(select(.app == "baseline")) | (map(.p99_ms) | add / length)) as $bp
            | "| \($g[0].phase) | \(($tr / $br * 10 | round) / 10) | \(($bp / $tp * 10 | round) / 10) |"' \
            "$RUN/webhook-delivery.jsonl"
    fi
} >"$RUN/summary.md"
echo
cat "$RUN/summary.md"
log "done: $RUN"

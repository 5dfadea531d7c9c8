// Helpers of bench/webhook-delivery.sh (issue 19), on Node's standard library only:
//   receive <port> <out.jsonl>   a webhook receiver on 127.0.0.1 that answers 204 at once and notes each message
//                                (path, webhook-id, arrival ms); GET /count?path=/x answers how many came to /x;
//                                SIGTERM writes the notes to out.jsonl and exits
//   load <base> <key> <asset> <rate> <seconds> <clients> <answers.jsonl>
//                                write-backs (PATCH /api/v1/assets/<asset>, a new duration each: one asset.updated
//                                event each) at <rate>/s for <seconds>, open loop (each one at its own time) on up
//                                to <clients> connections; notes when each was answered 200 (duration, ms) and
//                                prints a JSON line of what happened
//   report <notes.jsonl> <path> <events.tsv> [answers.jsonl]
//                                latency of each event to its first arrival at <path>, from its commit (tsv: id,
//                                committed ms, duration) or, given the writer's answers, from the 200 that
//                                answered the write-back (the client's view: the change is confirmed): one JSON line
//                                with count, missing, duplicates, p50/p90/p99/max ms and the rate
import fs from "node:fs";
import http from "node:http";

const [mode, ...args] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();

if (mode === "receive") {
    const [port, out] = args;
    const notes = [];
    const counts = new Map();
    http.createServer((q, s) => {
        if (q.method === "GET") {
            const path = new URL(q.url, "http://x").searchParams.get("path");
            s.writeHead(200, { "content-type": "text/plain" }).end(String(counts.get(path) ?? 0));
            return;
        }
        q.resume();
        q.on("end", () => {
            notes.push({ path: q.url, id: q.headers["webhook-id"], t: now() });
            counts.set(q.url, (counts.get(q.url) ?? 0) + 1);
            s.writeHead(204).end();
        });
    }).listen(+port, "127.0.0.1");
    process.on("SIGTERM", () => {
        fs.writeFileSync(out, notes.map((n) => JSON.stringify(n)).join("\n") + "\n");
        process.exit(0);
    });
} else if (mode === "load") {
    const [base, key, asset, rate, seconds, clients, answersFile] = args;
    const answers = [];
    const total = Math.round(+rate * +seconds);
    const agent = new http.Agent({ keepAlive: true, maxSockets: +clients });
    const url = new URL(`/api/v1/assets/${asset}`, base);
    // a new duration each time, whatever ran before (at most 99999999999.999 s)
    const seed = (Math.floor(Date.now() / 1000) % 1e6) * 1000;
    let sent = 0, ok = 0, failed = 0, late = 0;
    const t0 = now() + 100;
    const one = (i) =>
        new Promise((done) => {
            const body = JSON.stringify({ duration_seconds: seed + i });
            const q = http.request(url, {
                method: "PATCH", agent,
                headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": body.length },
            }, (s) => {
                s.resume();
                s.on("end", () => {
                    if (s.statusCode === 200) { ok++; answers.push({ d: seed + i, t: now() }); } else failed++;
                    done();
                });
            });
            q.on("error", () => { failed++; done(); });
            q.end(body);
        });
    const running = [];
    for (let i = 0; i < total; i++) {
        const at = t0 + (i * 1000) / +rate;
        const wait = at - now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        else if (wait < -50) late++;
        sent++;
        running.push(one(i));
    }
    await Promise.all(running);
    agent.destroy();
    fs.writeFileSync(answersFile, answers.map((a) => JSON.stringify(a)).join("\n") + "\n");
    const took = (now() - t0) / 1000;
    console.log(JSON.stringify({ sent, ok, failed, late, seconds: +took.toFixed(2), rate: +(sent / took).toFixed(1) }));
} else if (mode === "report") {
    const [notesFile, path, eventsFile, answersFile] = args;
    const answered = new Map();
    if (answersFile) {
        for (const line of fs.readFileSync(answersFile, "utf8").split("\n")) {
            if (line) { const a = JSON.parse(line); answered.set(a.d, a.t); }
        }
    }
    const arrivals = new Map();
    let duplicates = 0, first = Infinity, last = 0;
    for (const line of fs.readFileSync(notesFile, "utf8").split("\n")) {
        if (!line) continue;
        const n = JSON.parse(line);
        if (n.path !== path) continue;
        if (arrivals.has(n.id)) { duplicates++; continue; }
        arrivals.set(n.id, n.t);
        first = Math.min(first, n.t);
        last = Math.max(last, n.t);
    }
    const latencies = [];
    let missing = 0, committed = Infinity;
    for (const line of fs.readFileSync(eventsFile, "utf8").split("\n")) {
        if (!line) continue;
        const [id, committedMs, duration] = line.split("\t");
        const from = answersFile ? answered.get(Number(duration)) : +committedMs;
        committed = Math.min(committed, +committedMs);
        if (!arrivals.has(id)) { missing++; continue; }
        if (from === undefined) continue; // an event of no write-back of this run
        latencies.push(arrivals.get(id) - from);
    }
    latencies.sort((a, b) => a - b);
    const q = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]) : null);
    console.log(JSON.stringify({
        events: latencies.length + missing, delivered: latencies.length, missing, duplicates,
        p50_ms: q(0.5), p90_ms: q(0.9), p99_ms: q(0.99), max_ms: q(1),
        // from the first event's commit to the last arrival
        per_s: latencies.length ? +((latencies.length * 1000) / (last - committed)).toFixed(1) : 0,
    }));
} else {
    console.error("usage: webhook-delivery.mjs receive|load|report …");
    process.exit(2);
}

// A webhook receiver for Signet's tests. Every delivery is verified with the `standardwebhooks` package (the
// Standard Webhooks project's own JavaScript library), not with code of Signet's; the test reads what arrived.
//
//   node scripts/webhook-receiver.mjs           prints "listening <port>" on 127.0.0.1, exits when stdin closes
//
//   PUT  /control/hooks/<name>   {"secret": "whsec_…", "mode": "ok"|"fail"|"hang", "fail_first": n,
//                                 "hang_first": n, "delay_ms": n}  how /hooks/<name> answers
//   GET  /control/hooks/<name>   {"received": [{id, timestamp, verified, error, type, payload, body, answered}],
//                                 "max_in_flight": n}  (the most requests it held open at once)
//   POST /hooks/<name>           a webhook target: verified, recorded, then answered as configured
//
// `body` is the request body as sent (UTF-8 text): `payload` went through JSON.parse, which keeps no decimal scale.
import http from "node:http";
import { Webhook } from "standardwebhooks";

const hooks = new Map();

function hook(name) {
  if (!hooks.has(name)) {
    hooks.set(name, { config: { mode: "ok" }, received: [], seen: 0, open: 0, max_open: 0 });
  }
  return hooks.get(name);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://receiver");
  const control = url.pathname.match(/^\/control\/hooks\/([^/]+)$/);
  const target = url.pathname.match(/^\/hooks\/([^/]+)$/);
  const body = await readBody(req);
  if (control && req.method === "PUT") {
    hook(control[1]).config = JSON.parse(body.toString("utf8"));
    return json(res, 200, { ok: true });
  }
  if (control && req.method === "GET") {
    const h = hook(control[1]);
    return json(res, 200, { received: h.received, max_in_flight: h.max_open });
  }
  if (!target || req.method !== "POST") {
    return json(res, 404, { error: "no such path" });
  }
  const h = hook(target[1]);
  h.open++;
  h.max_open = Math.max(h.max_open, h.open);
  res.on("close", () => h.open--);
  const config = h.config;
  const n = h.seen++;
  const entry = {
    id: req.headers["webhook-id"] ?? null,
    timestamp: req.headers["webhook-timestamp"] ?? null,
    content_type: req.headers["content-type"] ?? null,
    verified: false,
    error: null,
    type: null,
    payload: null,
    body: body.toString("utf8"),
    answered: null,
    at: Date.now(),
  };
  h.received.push(entry);
  try {
    if (!config.secret) {
      throw new Error("no secret configured for this hook");
    }
    entry.payload = new Webhook(config.secret).verify(body.toString("utf8"), req.headers);
    entry.verified = true;
    entry.type = entry.payload.type;
  } catch (e) {
    entry.error = String(e && e.message ? e.message : e);
  }
  const hang = config.mode === "hang" || n < (config.hang_first ?? 0);
  const fail = config.mode === "fail" || n < (config.hang_first ?? 0) + (config.fail_first ?? 0);
  if (hang) {
    entry.answered = "hang";
    return; // never answered: the sender's timeout must end it
  }
  const answer = () => {
    const status = !entry.verified ? 400 : fail ? 500 : 204;
    entry.answered = status;
    if (status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      json(res, status, { error: entry.error ?? "failing on purpose" });
    }
  };
  if (config.delay_ms) {
    setTimeout(answer, config.delay_ms);
  } else {
    answer();
  }
});

server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

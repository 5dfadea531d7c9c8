#!/usr/bin/env node
// Signet's reference scanner (issue 21): polls Signet for the team's assets waiting in `scanning`, streams each one
// from its scan URL to clamd (INSTREAM, never to disk), and posts the verdict. Node 20, no dependencies.
//
//   SIGNET_URL=https://signet.example.com SIGNET_SCANNER_KEY=vk-… CLAMD_HOST=127.0.0.1 CLAMD_PORT=3310 \
//     node scanner/clamav-scanner.mjs
//
// Settings (environment):
//   SIGNET_URL            Signet's base URL (required)
//   SIGNET_SCANNER_KEY    a scanner key of the team (`vk-…`, minted with POST /api/v1/api-keys {"kind":"vk"}) (required)
//   CLAMD_SOCKET          clamd's unix socket (LocalSocket), or else
//   CLAMD_HOST/CLAMD_PORT clamd's TCP socket (TCPSocket; default 127.0.0.1:3310)
//   POLL_INTERVAL_MS      pause between polls when nothing waits (default 5000)
//   ONCE                  "1": scan what waits now, then exit (cron jobs, tests)
//   CLAMD_TIMEOUT_MS      how long one scan may take in clamd (default 120000)
//
// A scan clamd cannot finish (ERROR, size limit, clamd down) gets no verdict: the asset stays `scanning` (never
// downloadable) and Signet reports it overdue after signet.scanning.timeout. Exit code 0, or 1 on a fatal error.

import net from 'node:net';

const signet = required('SIGNET_URL').replace(/\/+$/, '');
const key = required('SIGNET_SCANNER_KEY');
const pollInterval = Number(process.env.POLL_INTERVAL_MS ?? 5000);
const once = process.env.ONCE === '1';
const clamdTimeout = Number(process.env.CLAMD_TIMEOUT_MS ?? 120000);
const CHUNK = 64 * 1024;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(1);
  }
  return value;
}

function log(message, fields = {}) {
  console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields }));
}

async function api(method, path, body) {
  const response = await fetch(signet + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status} ${text}`);
    error.status = response.status;
    error.code = json?.detail?.code;
    throw error;
  }
  return json;
}

/** Every asset waiting for a scan, page by page. */
async function waiting() {
  const assets = [];
  let cursor = null;
  do {
    const page = await api('GET', `/api/v1/scans?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assets.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return assets;
}

function connectClamd() {
  return process.env.CLAMD_SOCKET
    ? net.createConnection({ path: process.env.CLAMD_SOCKET })
    : net.createConnection({ host: process.env.CLAMD_HOST ?? '127.0.0.1', port: Number(process.env.CLAMD_PORT ?? 3310) });
}

/**
 * Streams a web ReadableStream to clamd with INSTREAM: "zINSTREAM\0", then chunks of <4-byte big-endian length><data>,
 * then a zero length. Answers clamd's reply: "stream: OK", "stream: <signature> FOUND" or "... ERROR".
 */
function instream(body) {
  return new Promise((resolve, reject) => {
    const socket = connectClamd();
    let reply = '';
    const timer = setTimeout(() => socket.destroy(new Error('clamd timed out')), clamdTimeout);
    socket.on('data', (data) => { reply += data.toString('utf8'); });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
    socket.on('close', () => { clearTimeout(timer); resolve(reply.replace(/\0/g, '').trim()); });
    socket.on('connect', async () => {
      try {
        await write(socket, Buffer.from('zINSTREAM\0'));
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (let offset = 0; offset < value.length; offset += CHUNK) {
            const piece = Buffer.from(value.subarray(offset, Math.min(offset + CHUNK, value.length)));
            const length = Buffer.alloc(4);
            length.writeUInt32BE(piece.length);
            await write(socket, Buffer.concat([length, piece]));
          }
        }
        await write(socket, Buffer.alloc(4)); // end of stream
      } catch (error) {
        socket.destroy(error);
      }
    });
  });
}

function write(socket, buffer) {
  return new Promise((resolve, reject) => {
    socket.write(buffer, (error) => (error ? reject(error) : resolve()));
  });
}

/** Scans one asset and posts its verdict; a scan that cannot be finished gets none. */
async function scan(asset) {
  const target = await api('POST', `/api/v1/assets/${asset.id}/scan-url`);
  const download = await fetch(target.url);
  if (!download.ok) {
    throw new Error(`fetching ${asset.id}: storage answered ${download.status}`);
  }
  const reply = await instream(download.body);
  const found = /^stream: (.+) FOUND$/.exec(reply);
  let verdict;
  if (reply === 'stream: OK') {
    verdict = { verdict: 'clean', detail: 'clamd: OK' };
  } else if (found) {
    verdict = { verdict: 'infected', detail: found[1] };
  } else {
    log('no verdict: clamd could not scan it', { asset: asset.id, reply });
    return false;
  }
  try {
    const judged = await api('POST', `/api/v1/assets/${asset.id}/verdict`, verdict);
    log('verdict', { asset: asset.id, verdict: verdict.verdict, detail: verdict.detail, state: judged.state });
  } catch (error) {
    if (error.code !== 'invalid_state') throw error; // judged meanwhile (another scanner, a delete): nothing to do
    log('already judged', { asset: asset.id });
  }
  return true;
}

async function pass() {
  const assets = await waiting();
  for (const asset of assets) {
    try {
      await scan(asset);
    } catch (error) {
      log('scan failed', { asset: asset.id, error: String(error.message ?? error) });
    }
  }
  return assets.length;
}

async function main() {
  for (;;) {
    let count = 0;
    try {
      count = await pass();
    } catch (error) {
      log('poll failed', { error: String(error.message ?? error) });
      if (once) process.exit(1);
    }
    if (once) return;
    if (count === 0) await new Promise((resolve) => setTimeout(resolve, pollInterval));
  }
}

await main();

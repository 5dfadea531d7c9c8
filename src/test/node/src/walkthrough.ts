// The README's walk-through through the TypeScript client generated from docs/openapi.yaml (openapi-typescript
// types + openapi-fetch), compiled with tsc --strict. Run by ClientWalkthroughTest against the test app:
//   node target/node/js/walkthrough.js   with SIGNET_BASE_URL and SIGNET_TOKEN (a user's JWT) in the environment.
// Every step checks what the README says it shows; the first surprise ends the run with exit code 1.
import createClient from 'openapi-fetch';
import type { paths } from 'signet-api';

const baseUrl = required('SIGNET_BASE_URL');
const token = required('SIGNET_TOKEN');

function required(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
}

/** A client that authenticates with {@code credential} (a JWT or an API key). */
function as(credential: string) {
    return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${credential}` } });
}

function check(condition: boolean, what: string): asserts condition {
    if (!condition) {
        throw new Error(`walk-through: ${what}`);
    }
}

/** The value, or a failure naming it: the contract may still call a field optional. */
function need<T>(value: T | null | undefined, what: string): T {
    check(value !== undefined && value !== null, `${what} is missing`);
    return value;
}

/** Fails with the status and body when a call did not succeed, otherwise its data. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
    check(result.response.ok, `${what}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
    return need(result.data, `${what}: body`);
}

function step(n: string, text: string) {
    console.log(`[walkthrough] ${n}. ${text}`);
}

/**
 * The Node tests' one PUT to storage. fetch() is enough here: the bodies are 13 bytes, sent with the headers, and the
 * one refusal (412, no overwrite) comes after storage has read them. A large body storage refuses early (403: another
 * size, a bad signature; S3Proxy closes mid-body) loses that answer in fetch(); the Java tests' Http.put reads it.
 */
async function put(url: string, headers: Record<string, string>, body: Uint8Array<ArrayBuffer>): Promise<number> {
    const response = await fetch(url, { method: 'PUT', headers, body });
    await response.arrayBuffer();
    return response.status;
}

async function bytesOf(url: string): Promise<{ bytes: Uint8Array; response: Response }> {
    const response = await fetch(url);
    check(response.ok, `GET ${new URL(url).pathname}: HTTP ${response.status}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), response };
}

function same(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && a.every((value, i) => value === b[i]);
}

const hello = new TextEncoder().encode('hello signet\n');
const person = as(token);

step('1', 'a JWT for the user (minted by the test, as POST /dev/token does in dev mode)');

step('2', 'a team; the caller becomes its owner');
const team = ok(await person.POST('/api/v1/teams', { body: { name: 'Acme' } }), 'POST /teams');
const teamId = need(team.id, 'team.id');
check(team.role === 'owner', `role ${team.role}`);
const inTeam = { header: { 'X-Team-ID': teamId } };

step('3', 'an API key for the team: the secret is shown this once');
const minted = ok(await person.POST('/api/v1/api-keys', { params: inTeam, body: { name: 'ci', kind: 'sk' } }),
    'POST /api-keys');
const ciKey = need(minted.key, 'minted.key');
check(ciKey.startsWith('sk-'), 'an sk- key');

step('4', "the team's keys, listed with the key itself (no X-Team-ID: the key knows its team)");
const keys = ok(await as(ciKey).GET('/api/v1/api-keys', {}), 'GET /api-keys');
check(need(keys.items, 'items').some((k) => k.id === minted.id), 'the new key is listed');
check(!JSON.stringify(keys).includes(ciKey), 'no secret in the list');

step('5', 'revoke it: 204, and the next request with it is refused (401 api_key_revoked)');
const revoked = await person.DELETE('/api/v1/api-keys/{keyId}', {
    params: { ...inTeam, path: { keyId: need(minted.id, 'minted.id') } },
});
check(revoked.response.status === 204, `revoke: HTTP ${revoked.response.status}`);
const refused = await as(ciKey).GET('/api/v1/api-keys', {});
check(refused.response.status === 401, `revoked key: HTTP ${refused.response.status}`);
check(refused.error?.detail.code === 'api_key_revoked', `revoked key: ${JSON.stringify(refused.error)}`);

const uploaderKey = need(ok(await person.POST('/api/v1/api-keys',
    { params: inTeam, body: { name: 'uploader', kind: 'sk' } }), 'POST /api-keys').key, 'key');
const uploader = as(uploaderKey);

step('6', 'an upload URL: the asset row is created in state pending_upload');
const created = ok(await uploader.POST('/api/v1/assets/upload-url', {
    body: { type: 'document', content_type: 'text/plain', file_name: 'hello.txt', file_size: hello.length },
}), 'POST /assets/upload-url');
const asset = need(created.asset, 'asset');
const upload = need(created.upload, 'upload');
check(asset.state === 'pending_upload', `state ${asset.state}`);
check(upload.method === 'PUT', `method ${upload.method}`);

step('7', 'PUT the bytes straight to S3 with the listed headers (200; a second PUT gets 412)');
const uploadHeaders = need(upload.headers, 'upload.headers');
const uploadUrl = need(upload.url, 'upload.url');
check(await put(uploadUrl, uploadHeaders, hello) === 200, 'first PUT');
check(await put(uploadUrl, uploadHeaders, hello) === 412, 'second PUT');

step('8', 'confirm: the asset becomes ready, and is listed as ready');
const assetId = need(asset.id, 'asset.id');
const confirmed = ok(await uploader.POST('/api/v1/assets/{id}/confirm', { params: { path: { id: assetId } } }),
    'POST /assets/{id}/confirm');
check(confirmed.state === 'ready' && confirmed.size_bytes === hello.length, `confirmed ${JSON.stringify(confirmed)}`);
const ready = ok(await uploader.GET('/api/v1/assets', { params: { query: { state: 'ready' } } }), 'GET /assets');
check(need(ready.items, 'items').some((a) => a.id === assetId), 'the asset is listed as ready');

step('9', "reference 000: a signed GET for a path inside the team's storage");
const objectKey = need(ok(await uploader.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } }),
    'GET /assets/{id}').object_key, 'object_key');
check(objectKey.startsWith(`${teamId}/`), `object key ${objectKey}`);
const signed = ok(await uploader.POST('/api/v1/inference/assets/signed-url', {
    body: { object_path: objectKey.substring(teamId.length + 1), expires_in: 600 },
}), 'POST /inference/assets/signed-url');
check(signed.expires_in === 600, `expires_in ${signed.expires_in}`);
check(same((await bytesOf(need(signed.signed_url, 'signed_url'))).bytes, hello), 'signed URL bytes');

step('10', "reference 001: a workflow's file by resource URI");
const workflowId = need(ok(await uploader.POST('/api/v1/workflows', { body: { name: 'demo' } }), 'POST /workflows').id,
    'workflow id');
const input = ok(await uploader.POST('/api/v1/assets/upload-url', {
    body: { type: 'data', content_type: 'text/plain', file_name: 'hello.txt', workflow_id: workflowId },
}), 'POST /assets/upload-url (workflow input)');
const inputUpload = need(input.upload, 'upload');
check(await put(need(inputUpload.url, 'url'), need(inputUpload.headers, 'headers'), hello) === 200, 'PUT input');
ok(await uploader.POST('/api/v1/assets/{id}/confirm',
    { params: { path: { id: need(input.asset?.id, 'input asset id') } } }), 'confirm input');
const resourceUri = `workflow://${workflowId}/uploads/hello.txt`;
const download = ok(await uploader.POST('/api/v1/workflows/download-url', { body: { resource_uri: resourceUri } }),
    'POST /workflows/download-url');
check(download.resource_uri === resourceUri && download.filename === 'hello.txt', JSON.stringify(download));
check(same((await bytesOf(need(download.download_url, 'download_url'))).bytes, hello), 'workflow download bytes');

step('11', 'reference 004: the public download, no credential: the URL as JSON (redirect=false), and the 302');
const anonymous = createClient<paths>({ baseUrl });
const link = ok(await anonymous.GET('/api/v1/objects/download', {
    params: { query: { objectKey, type: 'attachment', redirect: false } },
}), 'GET /objects/download?redirect=false');
check(Date.parse(link.expires_at) > Date.now(), `expires_at ${link.expires_at}`);
const fetched = await bytesOf(link.url);
check(same(fetched.bytes, hello), 'public download bytes');
const disposition = fetched.response.headers.get('Content-Disposition') ?? '';
check(disposition.startsWith('attachment') && disposition.includes('hello.txt'), `Content-Disposition ${disposition}`);
const redirect = await anonymous.GET('/api/v1/objects/download', {
    params: { query: { objectKey, type: 'attachment' } },
    redirect: 'manual',
});
check(redirect.response.status === 302, `public download: HTTP ${redirect.response.status}`);
check(same((await bytesOf(need(redirect.response.headers.get('Location'), 'Location'))).bytes, hello),
    'bytes behind the 302');

step('12', 'what the team stores (reference 004, camelCase as documented)');
const usage = ok(await person.GET('/api/v1/objects/storage-usage', { params: inTeam }), 'GET /objects/storage-usage');
check(usage.totalBytes === 2 * hello.length && usage.fileCount === 2, `usage ${JSON.stringify(usage)}`);
check(need(usage.breakdown, 'breakdown').some((w) => w.workflowId === workflowId && w.bytes === hello.length),
    `breakdown ${JSON.stringify(usage.breakdown)}`);

console.log('[walkthrough] done: 12 steps passed');

// The browser demo (src/local/resources/META-INF/resources/demo/index.html): Uppy's Dashboard to pick or drop
// files, @uppy/aws-s3 signing each upload with Signet, and the team's assets with download links. Bundled by
// scripts/build.mjs. A file goes up as one PUT (POST /api/v1/assets/upload-url, then the confirm call), or, above
// `multipart_above`, as an S3 multipart upload signed part by part (POST /api/v1/assets/multipart, parts signed in
// batches, stored parts listed to resume, complete: the README's `signRequest`, "Large files").
//
// Where it talks to, from the page's URL fragment (never sent to any server):
//   #api=<Signet base URL>&key=<API key or JWT>[&team=<team id, for a JWT>]
//    [&multipart_above=<bytes, default 100 MiB>][&part_size=<bytes, default Signet's rule>]
// Without a credential (dev mode, page served by Signet at /demo/) it asks POST /dev/token for a JWT and uses the
// first team of that user, creating one if there is none.
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import AwsS3 from '@uppy/aws-s3';
import createClient from 'openapi-fetch';
import type { components, paths } from 'signet-api';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';

type Asset = components['schemas']['AssetSummary'];
type Client = ReturnType<typeof createClient<paths>>;

interface DemoState {
    /** Upload progress of the batch in percent, as Uppy reported it. */
    progress: number[];
    /** Errors shown to the user. */
    errors: string[];
    /** Uploads confirmed (or completed) and listed, in order. */
    uploaded: { assetId: string; fileName: string }[];
    /** Part numbers of multipart uploads as storage accepted them, in order. */
    parts: number[];
    /** Pause and resume every upload, as the Dashboard's buttons do. */
    pause: () => void;
    resume: () => void;
    /** Resolves when the page has a credential and a team; rejects when it could not get them. */
    ready: Promise<void>;
}

declare global {
    interface Window {
        signetDemo: DemoState;
    }
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const progressBar = byId<HTMLProgressElement>('progress');
const progressText = byId<HTMLSpanElement>('progress-text');
const rows = byId<HTMLTableElement>('assets').tBodies[0]!;

const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
const api = (fragment.get('api') ?? location.origin).replace(/\/+$/, '');
const assetIds = new Map<string, string>();

const MiB = 1024 * 1024;
/** Files above this size go up as multipart uploads (Uppy's own default is 100 MiB). */
const multipartAbove = Number(fragment.get('multipart_above') ?? 100 * MiB);
/** The part size to ask Signet for: `part_size`, or Signet's own rule (whole MiB within 10,000 parts, >= 16 MiB). */
const partSize = (size: number): number => Number(fragment.get('part_size') ?? 0)
    || Math.max(16 * MiB, Math.ceil(size / 10000 / MiB) * MiB);
/** Signet's answers handed to Uppy as the XML storage would have answered (Uppy reads the answer only). */
const xml = (text: string) => `data:application/xml,${encodeURIComponent(text)}`;
const esc = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
interface SignedPart {
    url: string;
    headers: Record<string, string>;
    expiresAt: number;
}
/** Multipart uploads by object key: the asset, its part count and the part URLs signed so far. */
const multiparts = new Map<string, { assetId: string; partCount: number; urls: Map<number, SignedPart> }>();
const multipartFiles = new Set<string>();

function show(text: string, state: 'ok' | 'busy' | 'error' = 'ok') {
    status.textContent = text;
    status.dataset['state'] = state;
    if (state === 'error') {
        window.signetDemo.errors.push(text);
    }
}

function failure(what: string, result: { error?: unknown; response: Response }): Error {
    const detail = (result.error as { detail?: { message?: string } } | undefined)?.detail?.message;
    return new Error(`${what}: HTTP ${result.response.status}${detail ? ` ${detail}` : ''}`);
}

/** Dev mode: a JWT from the dev-only token endpoint and a team of that user. */
async function devCredential(): Promise<{ credential: string; team: string; who: string }> {
    const minted = await fetch(`${api}/dev/token?sub=demo-user`, { method: 'POST' });
    if (!minted.ok) {
        throw new Error(`POST /dev/token: HTTP ${minted.status} (it exists in dev mode only; `
            + 'elsewhere open this page with #api=…&key=…)');
    }
    const { access_token: jwt } = await minted.json() as { access_token: string };
    const person = createClient<paths>({ baseUrl: api, headers: { Authorization: `Bearer ${jwt}` } });
    const teams = await person.GET('/api/v1/teams', {});
    if (!teams.data) {
        throw failure('GET /teams', teams);
    }
    let team = teams.data.items?.[0]?.id;
    if (!team) {
        const created = await person.POST('/api/v1/teams', { body: { name: 'Demo team' } });
        if (!created.data?.id) {
            throw failure('POST /teams', created);
        }
        team = created.data.id;
    }
    return { credential: jwt, team, who: 'user demo-user (dev token)' };
}

async function connect(): Promise<Client> {
    const key = fragment.get('key');
    const { credential, team, who } = key
        ? { credential: key, team: fragment.get('team'), who: `credential ${key.slice(0, 6)}…` }
        : await devCredential();
    byId('api').textContent = api;
    byId('who').textContent = team ? `${who}, team ${team}` : who;
    const headers: Record<string, string> = { Authorization: `Bearer ${credential}` };
    if (team) {
        headers['X-Team-ID'] = team;
    }
    return createClient<paths>({ baseUrl: api, headers });
}

/** The asset type Signet files an upload under, from its content type. */
function assetType(contentType: string): string {
    const top = contentType.split('/')[0];
    return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
}

function downloadUrl(objectKey: string, type: 'attachment' | 'inline'): string {
    return `${api}/api/v1/objects/download?${new URLSearchParams({ objectKey, type })}`;
}

function link(text: string, href: string, className: string): HTMLAnchorElement {
    const a = document.createElement('a');
    a.textContent = text;
    a.href = href;
    a.className = className;
    return a;
}

function sizeText(bytes: number | null | undefined): string {
    if (bytes === undefined || bytes === null) {
        return '';
    }
    return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB`
        : `${(bytes / 1048576).toFixed(1)} MiB`;
}

function row(client: Client, asset: Asset): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset['assetId'] = asset.id ?? '';
    tr.dataset['fileName'] = asset.file_name ?? '';
    tr.dataset['state'] = asset.state ?? '';
    const cells = [asset.file_name ?? '', sizeText(asset.size_bytes), asset.state ?? ''].map((text) => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
    });
    cells[1]!.className = 'size';
    const actions = document.createElement('td');
    if (asset.state === 'ready' && asset.object_key) {
        const objectKey = asset.object_key;
        // The public download (reference 004): a plain link; the browser follows the 302 to storage.
        actions.append(link('download', downloadUrl(objectKey, 'attachment'), 'download'), ' · ');
        const open = link('open', downloadUrl(objectKey, 'inline'), 'open');
        open.target = '_blank';
        open.rel = 'noopener';
        actions.append(open, ' · ');
        // A signed GET of the team's object (reference 000): the path inside the team's storage.
        const sign = document.createElement('button');
        sign.type = 'button';
        sign.className = 'sign';
        sign.textContent = 'signed URL';
        sign.addEventListener('click', async () => {
            const objectPath = objectKey.substring(objectKey.indexOf('/') + 1);
            const signed = await client.POST('/api/v1/inference/assets/signed-url',
                { body: { object_path: objectPath, expires_in: 600 } });
            if (!signed.data?.signed_url) {
                show(failure('signed URL', signed).message, 'error');
                return;
            }
            actions.querySelector('.signed-link')?.remove();
            actions.append(link('signed URL (10 min)', signed.data.signed_url, 'signed-link'));
        });
        actions.append(sign);
    }
    tr.append(...cells, actions);
    return tr;
}

async function refresh(client: Client) {
    const page = await client.GET('/api/v1/assets', {});
    if (!page.data) {
        throw failure('GET /assets', page);
    }
    rows.replaceChildren(...(page.data.items ?? []).map((asset) => row(client, asset)));
}

async function confirm(client: Client, file: { id: string; name?: string }) {
    const assetId = assetIds.get(file.id);
    if (!assetId) {
        throw new Error(`no asset for ${file.name}`);
    }
    const confirmed = await client.POST('/api/v1/assets/{id}/confirm', { params: { path: { id: assetId } } });
    if (!confirmed.data) {
        throw failure('confirm', confirmed);
    }
    show(`${file.name ?? 'file'}: uploaded and confirmed (${confirmed.data.state})`);
}

/** Create: the asset and the S3 multipart upload; Uppy gets the upload id and Signet's object key. */
async function createMultipart(client: Client, file: { id: string; name?: string; type?: string; size: number | null }) {
    const contentType = file.type || 'application/octet-stream';
    const size = file.size ?? 0;
    const created = await client.POST('/api/v1/assets/multipart', {
        body: {
            type: assetType(contentType),
            content_type: contentType,
            file_name: file.name ?? 'file',
            file_size: size,
            part_size: partSize(size),
        },
    });
    const asset = created.data?.asset;
    const multipart = created.data?.multipart;
    if (!asset?.id || !asset.object_key || !multipart?.upload_id) {
        throw failure('multipart upload', created);
    }
    assetIds.set(file.id, asset.id);
    multipartFiles.add(file.id);
    multiparts.set(asset.object_key, { assetId: asset.id, partCount: multipart.part_count, urls: new Map() });
    return {
        key: asset.object_key,
        url: xml('<InitiateMultipartUploadResult><UploadId>' + esc(multipart.upload_id)
            + '</UploadId></InitiateMultipartUploadResult>'),
    };
}

/** A part (signed 20 at a time), list parts (resume), complete or abort of a multipart upload. */
async function multipartRequest(client: Client, request: { method: string; key: string; uploadId: string;
    partNumber?: number }) {
    const upload = multiparts.get(request.key);
    if (!upload) {
        throw new Error(`no multipart upload for ${request.key}`);
    }
    const path = { id: upload.assetId };
    if (request.method === 'PUT' && request.partNumber) {
        const number = request.partNumber;
        const signed = upload.urls.get(number);
        if (!signed || signed.expiresAt < Date.now() + 60_000) {
            const count = Math.min(20, upload.partCount - number + 1);
            const partNumbers = Array.from({ length: count }, (_, i) => number + i);
            const answer = await client.POST('/api/v1/assets/{id}/multipart/parts', {
                params: { path },
                body: { part_numbers: partNumbers, upload_id: request.uploadId },
            });
            if (!answer.data) {
                throw failure('sign parts', answer);
            }
            for (const part of answer.data.parts) {
                upload.urls.set(part.part_number,
                    { url: part.url, headers: part.headers, expiresAt: Date.parse(part.expires_at) });
            }
        }
        const { url, headers } = upload.urls.get(number)!;
        return { url, headers };
    }
    if (request.method === 'DELETE') {
        const deleted = await client.DELETE('/api/v1/assets/{id}', { params: { path } });
        if (!deleted.response.ok) {
            throw failure('abort', deleted);
        }
        return { url: xml('<Aborted/>') };
    }
    // list parts and complete both start from what storage holds
    const listed = await client.GET('/api/v1/assets/{id}/multipart/parts', { params: { path } });
    if (!listed.data) {
        throw failure('list parts', listed);
    }
    const parts = listed.data.parts;
    if (request.method === 'GET') {
        return {
            url: xml('<ListPartsResult>' + parts.map((p) => `<Part><PartNumber>${p.part_number}</PartNumber>`
                + `<ETag>${esc(p.etag)}</ETag></Part>`).join('') + '</ListPartsResult>'),
        };
    }
    const completed = await client.POST('/api/v1/assets/{id}/multipart/complete', {
        params: { path },
        body: { upload_id: request.uploadId, parts: parts.map(({ part_number, etag }) => ({ part_number, etag })) },
    });
    if (!completed.data?.object_key) {
        throw failure('complete', completed);
    }
    return {
        url: xml('<CompleteMultipartUploadResult><Location>' + esc(`${api}/api/v1/assets/${completed.data.id}`)
            + `</Location><Key>${esc(completed.data.object_key)}</Key></CompleteMultipartUploadResult>`),
    };
}

function start(client: Client) {
    const uppy = new Uppy({ autoProceed: true });
    uppy.use(Dashboard, {
        inline: true,
        target: '#uploader',
        height: 320,
        proudlyDisplayPoweredByUppy: false,
        hideProgressAfterFinish: false,
        note: 'Files go straight to storage through a URL Signet signed for exactly this file.',
    });
    uppy.use(AwsS3, {
        // One PUT per file up to `multipart_above`, a multipart upload above (always above 5 GiB: S3's limit).
        shouldUseMultipart: (file) => (file.size ?? 0) > Math.min(multipartAbove, 5 * 1024 * MiB),
        // Each URL signs its part's exact size: Uppy must cut the file as Signet planned it.
        getChunkSize: (file) => partSize(file.size),
        // The "key" the plugin asks Signet to sign is the Uppy file id; Signet answers with its own object key.
        generateObjectKey: (file) => file.id,
        signRequest: async (request) => {
            if (request.method === 'POST' && !('uploadId' in request)) {
                return createMultipart(client, uppy.getFile(request.key));
            }
            if ('uploadId' in request) {
                return multipartRequest(client, request);
            }
            if (request.method !== 'PUT') {
                throw new Error(`${request.method} of an object is not signed here`);
            }
            const file = uppy.getFile(request.key);
            const contentType = file.type || 'application/octet-stream';
            const created = await client.POST('/api/v1/assets/upload-url', {
                body: {
                    type: assetType(contentType),
                    content_type: contentType,
                    file_name: file.name ?? 'file',
                    file_size: file.size ?? undefined,
                },
            });
            const upload = created.data?.upload;
            const asset = created.data?.asset;
            if (!upload?.url || !asset?.id) {
                throw failure('upload URL', created);
            }
            assetIds.set(file.id, asset.id);
            return { url: upload.url, headers: upload.headers ?? {}, key: asset.object_key ?? request.key };
        },
    });
    uppy.on('progress', (percent) => {
        window.signetDemo.progress.push(percent);
        progressBar.value = percent;
        progressText.textContent = `${percent}%`;
    });
    uppy.on('upload-success', async (file) => {
        if (!file) {
            return;
        }
        try {
            if (multipartFiles.has(file.id)) {
                show(`${file.name ?? 'file'}: uploaded in parts and completed`);
            } else {
                await confirm(client, file);
            }
            await refresh(client);
            window.signetDemo.uploaded.push({ assetId: assetIds.get(file.id) ?? '', fileName: file.name ?? '' });
        } catch (e) {
            show(e instanceof Error ? e.message : String(e), 'error');
        }
    });
    uppy.on('upload-error', (file, error) => show(`${file?.name ?? 'upload'}: ${error.message}`, 'error'));
    uppy.on('s3-multipart:part-uploaded', (_file, part) => window.signetDemo.parts.push(part.PartNumber));
    window.signetDemo.pause = () => uppy.pauseAll();
    window.signetDemo.resume = () => uppy.resumeAll();
    uppy.on('upload', () => show('Uploading…', 'busy'));
}

async function main() {
    const client = await connect();
    start(client);
    await refresh(client);
    show('Ready: pick or drop a file.');
}

let started: () => void = () => {};
let failed: (e: unknown) => void = () => {};
window.signetDemo = {
    progress: [],
    errors: [],
    uploaded: [],
    parts: [],
    pause: () => {},
    resume: () => {},
    ready: new Promise((resolve, reject) => {
        started = resolve;
        failed = reject;
    }),
};
window.signetDemo.ready.catch(() => undefined);
main().then(() => started(), (e: unknown) => {
    show(e instanceof Error ? e.message : String(e), 'error');
    failed(e);
});

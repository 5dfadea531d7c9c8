// The browser demo (src/local/resources/META-INF/resources/demo/index.html): Uppy's Dashboard to pick or drop
// files, the stock @uppy/aws-s3 plugin pointed at Signet's Companion routes by URL, and the team's assets with
// download links. Bundled by scripts/build.mjs. A file goes up as one form POST to storage (GET /s3/params answers an
// S3 POST policy; the asset settles on arrival, about a second later), or, above `multipart_above`, as an S3
// multipart upload (Signet plans the parts, signs each, lists the stored ones to resume, completes).
//
// Where it talks to, from the page's URL fragment (never sent to any server):
//   #api=<Signet base URL>&key=<API key or JWT>[&team=<team id, for a JWT>][&multipart_above=<bytes, default 100 MiB>]
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
    /** Uploads settled (ready) and listed, in order. */
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

const MiB = 1024 * 1024;
/** Files above this size go up as multipart uploads (Uppy's own default is 100 MiB). */
const multipartAbove = Number(fragment.get('multipart_above') ?? 100 * MiB);
/** An upload key lives this long: the page mints a fresh one when it loads. */
const UPLOAD_KEY_HOURS = 8;

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

/**
 * An upload key (`uk-…`) for this page: it can do Signet's Companion routes for the team and nothing else, and dies
 * within hours. A page with a backend gets it from that backend (which mints it with its own sk- key); this dev demo
 * is its own backend and mints it with the credential it was given.
 */
async function uploadKey(client: Client): Promise<string> {
    const minted = await client.POST('/api/v1/api-keys', {
        body: {
            name: 'demo page',
            kind: 'uk',
            expires_at: new Date(Date.now() + UPLOAD_KEY_HOURS * 3600_000).toISOString(),
        },
    });
    if (!minted.data?.key) {
        throw failure('POST /api-keys (upload key)', minted);
    }
    return minted.data.key;
}

/** Waits (listing the team's assets) until the asset stored under `objectKey` is settled: ready or failed. */
async function settled(client: Client, objectKey: string): Promise<Asset> {
    const deadline = Date.now() + 120_000;
    for (let wait = 250; Date.now() < deadline; wait = Math.min(wait * 2, 2000)) {
        const page = await client.GET('/api/v1/assets', {});
        if (!page.data) {
            throw failure('GET /assets', page);
        }
        const asset = page.data.items?.find((a) => a.object_key === objectKey);
        if (asset && asset.state !== 'pending_upload') {
            return asset;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw new Error(`the upload to ${objectKey} did not settle within 2 minutes`);
}

function start(client: Client, key: string) {
    const uppy = new Uppy({ autoProceed: true });
    uppy.use(Dashboard, {
        inline: true,
        target: '#uploader',
        height: 320,
        proudlyDisplayPoweredByUppy: false,
        hideProgressAfterFinish: false,
        note: 'Files go straight to storage, signed by Signet for exactly this file.',
    });
    // The stock plugin, by URL: 6.x sends no headers to companionEndpoint, so the upload key is in the path.
    uppy.use(AwsS3, {
        companionEndpoint: `${api}/api/v1/uppy/${key}`,
        // one form POST per file up to `multipart_above`, a multipart upload above
        shouldUseMultipart: (file) => (file.size ?? 0) > multipartAbove,
    });
    // Neither plugin sends a file's size (Signet needs it for a multipart upload, and pins a POST policy to it); the
    // asset type Signet files it under comes from its content type.
    uppy.on('file-added', (file) => uppy.setFileMeta(file.id, { file_size: file.size, asset_type: assetType(file.type || 'application/octet-stream') }));
    uppy.on('progress', (percent) => {
        window.signetDemo.progress.push(percent);
        progressBar.value = percent;
        progressText.textContent = `${percent}%`;
    });
    uppy.on('upload-success', async (file, response) => {
        const objectKey = (response.body as { key?: string } | undefined)?.key;
        if (!file || !objectKey) {
            return;
        }
        try {
            show(`${file.name ?? 'file'}: uploaded, settling…`, 'busy');
            // a single file settles on arrival, a multipart upload when completed: either way, listed when settled
            const asset = await settled(client, objectKey);
            await refresh(client);
            if (asset.state !== 'ready') {
                throw new Error(`${file.name ?? 'file'}: ${asset.state}`);
            }
            show(`${file.name ?? 'file'}: uploaded and ready`);
            window.signetDemo.uploaded.push({ assetId: asset.id ?? '', fileName: file.name ?? '' });
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
    start(client, await uploadKey(client));
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

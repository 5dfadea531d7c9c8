// The real-browser test of Uppy by URL (run by UppyBrowserTest): headless Chromium (Debian's, driven by
// playwright-core) opens a page served from another origin than Signet's whose only wiring is the stock
// @uppy/aws-s3 plugin pointed at Signet's Companion routes (src/uppy6.ts: `companionEndpoint` with an upload key in
// the path; uppy5/page.ts: `endpoint` + `headers`), plus the `file_size` meta line. It uploads a small text file
// (one form POST to storage, with the POST policy of GET /s3/params) and a large file in multipart mode, paused
// with Uppy's pauseResume after PAUSE_AFTER parts, the parts storage holds then read through Signet
// (GET /api/v1/assets/{id}/multipart/parts), and resumed: Uppy lists the stored parts and sends only the rest.
// Environment: CHROMIUM, PAGE_URL (the page with its fragment), API (Signet's base URL), TOKEN (an sk- key of the
// team, for the test's own reads of Signet), S3_ENDPOINT, SMALL_BYTES, LARGE_MIB, PART_SIZE (bytes, the cut both
// plugin lines make for LARGE_MIB: max(5 MiB, size / 10,000)), PAUSE_AFTER (parts).
// Prints one line `RESULT {json}` of what it saw; exits 1 when a check fails.
import { createHash, randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import type { Request } from 'playwright-core';

const env = (name: string): string => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
};
const executablePath = env('CHROMIUM');
const pageUrl = env('PAGE_URL');
const api = env('API');
const token = env('TOKEN');
const s3 = env('S3_ENDPOINT');
const smallBytes = Number(env('SMALL_BYTES'));
const largeBytes = Number(env('LARGE_MIB')) * 1024 * 1024;
const partSize = Number(env('PART_SIZE'));
const pauseAfter = Number(env('PAUSE_AFTER'));
const partCount = Math.ceil(largeBytes / partSize);

const SMALL = 'notes – 小.txt';
const LARGE = 'take 48 – 日本.mp4';

/** What the page exposes: the Uppy instance (5.x or 6.x: the same few methods of its core). */
interface UppyLike {
    upload(): Promise<unknown>;
    pauseResume(fileId: string): boolean | undefined;
    getFiles(): { id: string; name?: string }[];
    on(event: string, handler: (...args: any[]) => void): unknown;
    getPlugin(id: string): object | undefined;
}
interface Seen {
    parts: number[];
    success: Record<string, { uploadURL?: string; body?: unknown }>;
    errors: string[];
}
declare global {
    interface Window {
        seen: Seen;
    }
}

const failures: string[] = [];
function check(condition: boolean, what: string) {
    console.log(`[browser] ${condition ? 'ok  ' : 'FAIL'} ${what}`);
    if (!condition) {
        failures.push(what);
    }
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// a text file of printable characters, and random bytes for the large one
const small = Buffer.from(randomBytes(smallBytes).toString('base64').slice(0, smallBytes), 'latin1');
const large = randomBytes(largeBytes);

/** Signet as the test reads it (not the page): the parts storage holds for an asset. */
async function storedParts(assetId: string): Promise<number[]> {
    const response = await fetch(`${api}/api/v1/assets/${assetId}/multipart/parts`,
        { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
        throw new Error(`GET …/multipart/parts: HTTP ${response.status} ${await response.text()}`);
    }
    const body = await response.json() as { parts: { part_number: number }[] };
    return body.parts.map((p) => p.part_number);
}

const watchdog = setTimeout(() => {
    console.error('[browser] gave up after 240 s');
    process.exit(1);
}, 240_000);

const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const result: Record<string, unknown> = {
    small: { name: SMALL, bytes: small.length, sha256: sha256(small) },
    large: { name: LARGE, bytes: large.length, sha256: sha256(large), partCount },
};
try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
        console.log(`[page:${message.type()}] ${message.text()}`);
        if (message.type() === 'error') {
            consoleErrors.push(message.text());
        }
    });
    page.on('requestfailed', (request) => console.log(`[browser] request failed: ${request.method()} `
        + `${request.url().split('?')[0]?.slice(0, 140)} ${request.failure()?.errorText}`));

    const partPuts: Request[] = [];
    const formPosts: Request[] = [];
    const signet: string[] = [];
    const otherSignet: string[] = [];
    /** The asset Signet created for each file name, from its answers to /s3/params and POST /s3/multipart. */
    const assets = new Map<string, Promise<{ id: string; key: string }>>();
    page.on('request', (request) => {
        const url = new URL(request.url());
        if (request.url().startsWith(s3)) {
            if (request.method() === 'PUT' && url.searchParams.has('partNumber')) {
                partPuts.push(request);
            } else if (request.method() === 'POST') {
                formPosts.push(request);
            }
        } else if (request.url().startsWith(api) && request.method() !== 'OPTIONS') {
            const path = url.pathname.replace(/\/uk-[^/]+\//, '/{uk}/').replace(/[0-9a-f-]{36}/g, '{id}')
                .replace(/\/s3\/multipart\/[^/]+/, '/s3/multipart/{uploadId}').replace(/\/\d+$/, '/{n}');
            (path.includes('/api/v1/uppy/') ? signet : otherSignet).push(`${request.method()} ${path}`);
        }
    });
    page.on('response', (response) => {
        const request = response.request();
        const url = new URL(response.url());
        if (!response.url().startsWith(api)) {
            return;
        }
        let name: string | undefined;
        if (request.method() === 'GET' && url.pathname.endsWith('/s3/params')) {
            name = url.searchParams.get('filename') ?? undefined;
        } else if (request.method() === 'POST' && url.pathname.endsWith('/s3/multipart')) {
            name = (request.postDataJSON() as { filename?: string } | null)?.filename;
        }
        if (name) {
            assets.set(name, response.json().then((body: { asset: { id: string; object_key: string } }) =>
                ({ id: body.asset.id, key: body.asset.object_key })));
        }
    });

    await page.goto(pageUrl);
    await page.waitForFunction(() => 'uppy' in window);
    const pageOrigin = new URL(pageUrl).origin;
    const versions = await page.evaluate(() => {
        const uppy = (window as unknown as { uppy: UppyLike }).uppy;
        const version = (o: object | undefined) => (o?.constructor as { VERSION?: string } | undefined)?.VERSION;
        return { '@uppy/core': version(uppy), // the plugin's id: AwsS3 in 6.x, AwsS3Multipart in 5.x
            '@uppy/aws-s3': version(uppy.getPlugin('AwsS3') ?? uppy.getPlugin('AwsS3Multipart')) };
    });
    result['versions'] = versions;
    console.log(`[browser] the page runs @uppy/core ${versions['@uppy/core']}, @uppy/aws-s3 ${versions['@uppy/aws-s3']}`);
    await page.evaluate((largeName) => {
        const uppy = (window as unknown as { uppy: UppyLike }).uppy;
        const seen: Seen = { parts: [], success: {}, errors: [] };
        window.seen = seen;
        // the large file's parts only (5.x reports a single upload's one request as part 1 too)
        uppy.on('s3-multipart:part-uploaded', (file: { name?: string }, part: { PartNumber: number }) => {
            if (file.name === largeName) {
                seen.parts.push(part.PartNumber);
            }
        });
        uppy.on('upload-success', (file: { name: string }, response: { uploadURL?: string; body?: unknown }) => {
            seen.success[file.name] = { uploadURL: response.uploadURL, body: response.body };
        });
        uppy.on('upload-error', (file: { name?: string } | undefined, error: Error) =>
            seen.errors.push(`${file?.name}: ${error.message}`));
        uppy.on('error', (error: Error) => seen.errors.push(error.message));
    }, LARGE);
    const upload = () => page.evaluate(() => {
        void (window as unknown as { uppy: UppyLike }).uppy.upload();
    });
    const done = (name: string) => page.waitForFunction((n) => n in window.seen.success || window.seen.errors.length > 0,
        name, { timeout: 180_000 });
    const input = page.locator('#files');

    // 1. the small file: GET /s3/params, then one form POST of the policy's fields and the file to storage
    await input.setInputFiles({ name: SMALL, mimeType: 'text/plain', buffer: small });
    await upload();
    await done(SMALL);
    check((await page.evaluate(() => window.seen.errors)).length === 0,
        `no upload errors (${await page.evaluate(() => window.seen.errors.join('; '))})`);
    check(formPosts.length === 1, `the small file went up as one form POST to storage (${formPosts.length})`);
    const posted = await formPosts[0]?.response();
    check(posted !== null && posted !== undefined && Math.floor(posted.status() / 100) === 2,
        `storage took the form (HTTP ${posted?.status()})`);
    check((await formPosts[0]?.allHeaders())?.['origin'] === pageOrigin, 'the form POST came from the page\'s origin');
    result['formPostAnswer'] = posted ? await posted.allHeaders() : null;
    check(partPuts.length === 0, 'no part PUT for the small file');

    // 2. the large file: multipart, paused after PAUSE_AFTER parts, then resumed
    await input.setInputFiles({ name: LARGE, mimeType: 'video/mp4', buffer: large });
    const largeId = await page.evaluate((name) =>
        (window as unknown as { uppy: UppyLike }).uppy.getFiles().find((f) => f.name === name)?.id ?? '', LARGE);
    await upload();
    await page.waitForFunction((n) => window.seen.parts.length >= n || window.seen.errors.length > 0,
        pauseAfter, { timeout: 120_000 });
    await page.evaluate((id) => (window as unknown as { uppy: UppyLike }).uppy.pauseResume(id), largeId);
    const reportedAtPause = await page.evaluate(() => [...window.seen.parts]);
    const putsAtPause = partPuts.length;
    const largeAsset = await assets.get(LARGE);
    if (!largeAsset) {
        throw new Error(`no asset seen for ${LARGE}`);
    }
    // what storage holds while paused (an in-flight part may still land just after the abort: look twice)
    await page.waitForTimeout(1500);
    const storedWhilePaused = await storedParts(largeAsset.id);
    const reportedWhilePaused = await page.evaluate(() => window.seen.parts.length);
    const putsWhilePaused = partPuts.length;
    result['paused'] = { reportedAtPause, storedWhilePaused, putsAtPause };
    // (5.x sends up to `limit` parts at once: those in flight at the pause may still land, as the listing shows)
    check(reportedAtPause.length >= pauseAfter && reportedAtPause.length < partCount,
        `paused after ${reportedAtPause.length} of ${partCount} parts`);
    check(reportedAtPause.every((n) => storedWhilePaused.includes(n)),
        `storage holds the parts Uppy reported before the pause (${reportedAtPause.join(', ')}) among `
        + `${storedWhilePaused.join(', ')}, read through GET /api/v1/assets/{id}/multipart/parts`);
    check(reportedWhilePaused === reportedAtPause.length && putsWhilePaused === putsAtPause,
        'no part was sent while paused');
    await page.evaluate((id) => (window as unknown as { uppy: UppyLike }).uppy.pauseResume(id), largeId);
    await done(LARGE);

    const errors = await page.evaluate(() => window.seen.errors);
    check(errors.length === 0, `no upload errors (${errors.join('; ')})`);
    const success = await page.evaluate(() => window.seen.success);
    result['success'] = success;
    const smallAsset = await assets.get(SMALL);
    result['smallAsset'] = smallAsset;
    result['largeAsset'] = largeAsset;
    check(success[LARGE]?.uploadURL === `/api/v1/assets/${largeAsset.id}`,
        `completing answered the asset's location (${success[LARGE]?.uploadURL})`);

    // the parts: each stored before the pause sent once, the rest after the resume, all from the page's origin
    const putNumbers = partPuts.map((r) => Number(new URL(r.url()).searchParams.get('partNumber')));
    result['partPuts'] = putNumbers;
    const afterResume = putNumbers.slice(putsAtPause);
    check(storedWhilePaused.every((n) => !afterResume.includes(n)),
        `after resuming, no part storage held was sent again (before: ${putNumbers.slice(0, putsAtPause).join(', ')}; `
        + `after: ${afterResume.join(', ')})`);
    const all = Array.from({ length: partCount }, (_, i) => i + 1);
    check(all.every((n) => storedWhilePaused.includes(n) || afterResume.includes(n)),
        `the resume sent the rest (${afterResume.join(', ')}) of parts 1 to ${partCount}`);
    const answered = await Promise.all(partPuts.map(async (r) => (await r.response())?.status() ?? 'aborted'));
    check(answered.slice(putsAtPause).every((s) => s === 200), `storage answered 200 to every part after the resume (${answered.join(', ')})`);
    const origins = new Set(await Promise.all(partPuts.filter((_, i) => answered[i] === 200)
        .map(async (r) => (await r.allHeaders())['origin'])));
    check(origins.size === 1 && origins.has(pageOrigin), `every part PUT came from the page's origin (${[...origins]})`);

    // Signet's routes the plugin called: Companion's, and nothing else of Signet's API
    result['signet'] = signet;
    const calls = (method: string, path: string) => signet.filter((s) => s.startsWith(`${method} `) && s.endsWith(path)).length;
    check(calls('GET', '/s3/params') === 1, 'one GET /s3/params (the small file)');
    check(calls('POST', '/s3/multipart') === 1, 'one multipart upload was started');
    check(calls('GET', '/s3/multipart/{uploadId}') >= 1, 'resuming listed the stored parts (GET /s3/multipart/{uploadId})');
    check(calls('POST', '/s3/multipart/{uploadId}/complete') === 1, 'the upload was completed once');
    check(calls('DELETE', '/s3/multipart/{uploadId}') === 0, 'nothing was aborted');
    check(otherSignet.length === 0, `the page called nothing else of Signet (${otherSignet.join('; ')})`);
    check(pageErrors.length === 0, `no page errors (${pageErrors.join('; ')})`);
    // 5.x logs an error when it cannot read a form POST's Location (S3 sends one, and the bucket's CORS should expose
    // it); S3Proxy sends none, so that one is expected here, and harmless: 5.x goes on without it
    const noLocation = (e: string) => e.includes('Could not read the Location header');
    result['consoleErrors'] = consoleErrors;
    check(consoleErrors.filter((e) => !noLocation(e)).length === 0, `no errors in the console (${consoleErrors.join('; ')})`);
} catch (e) {
    failures.push(e instanceof Error ? e.message : String(e));
    console.error(`[browser] ${e instanceof Error ? e.stack : e}`);
} finally {
    await browser.close();
    clearTimeout(watchdog);
}
result['failures'] = failures;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(failures.length === 0 ? 0 : 1);

// The real-browser test of multipart uploads (run by MultipartBrowserTest): headless Chromium (Debian's, driven by
// playwright-core) opens the demo page from another origin than Signet's, with `multipart_above` in its fragment so
// that a file of FILE_MIB MiB goes up through the stock @uppy/aws-s3 (by URL: Signet's Companion routes, an upload key
// in the path) in multipart mode, each part straight to storage with a URL Signet signed for its exact size. After
// PAUSE_AFTER parts the upload is paused, and resumed: Uppy lists the parts storage holds (GET /s3/multipart/{uploadId})
// and sends the rest; the completion makes the asset ready. Then the page fetches the object by a signed URL and
// compares the bytes.
// Environment: CHROMIUM, PAGE_URL (the demo page with #api=…&key=…&multipart_above=…), API (Signet's base URL),
// S3_ENDPOINT, FILE_NAME, FILE_MIB, PART_SIZE (bytes: Signet's cut for the Companion routes, max(5 MiB, size/10,000)),
// PAUSE_AFTER (parts).
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
const s3 = env('S3_ENDPOINT');
const fileName = env('FILE_NAME');
const size = Number(env('FILE_MIB')) * 1024 * 1024;
const partSize = Number(env('PART_SIZE'));
const pauseAfter = Number(env('PAUSE_AFTER'));
const partCount = Math.ceil(size / partSize);

const failures: string[] = [];
function check(condition: boolean, what: string) {
    console.log(`[browser] ${condition ? 'ok  ' : 'FAIL'} ${what}`);
    if (!condition) {
        failures.push(what);
    }
}

const content = randomBytes(size);
const expected = createHash('sha256').update(content).digest('hex');

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
const result: Record<string, unknown> = { fileName, bytes: size, sha256: expected, partSize, partCount };
try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => console.log(`[page:${message.type()}] ${message.text()}`));
    page.on('requestfailed', (request) => console.log(`[browser] request failed: ${request.method()} `
        + `${request.url().split('?')[0]?.slice(0, 120)} ${request.failure()?.errorText}`));
    const devtools = await context.newCDPSession(page);
    devtools.on('Log.entryAdded', ({ entry }) => console.log(`[chromium:${entry.level}] ${entry.text}`));
    await devtools.send('Log.enable');
    const partPuts: Request[] = [];
    const signet: string[] = [];
    /** Part numbers in each of Signet's answers to GET /s3/multipart/{uploadId} (what storage held), in order. */
    const listings: Promise<number[]>[] = [];
    const uppyRoute = (url: URL) => url.pathname.replace(/\/uppy\/uk-[^/]+\//, '/uppy/{uk}/')
        .replace(/\/s3\/multipart\/[^/]+/, '/s3/multipart/{uploadId}').replace(/\/\d+$/, '/{n}')
        .replace(/[0-9a-f-]{36}/g, '{id}');
    page.on('response', (response) => {
        const url = new URL(response.url());
        if (response.request().method() === 'GET' && response.url().startsWith(api)
            && uppyRoute(url).endsWith('/s3/multipart/{uploadId}')) {
            listings.push(response.json().then((body: { PartNumber: number }[]) => body.map((p) => p.PartNumber)));
        }
    });
    page.on('request', (request) => {
        const url = new URL(request.url());
        if (request.url().startsWith(s3) && request.method() === 'PUT' && url.searchParams.has('partNumber')) {
            partPuts.push(request);
        } else if (request.url().startsWith(api) && request.method() !== 'OPTIONS') {
            signet.push(`${request.method()} ${uppyRoute(url)}`);
        }
    });

    await page.goto(pageUrl);
    await page.evaluate(() => window.signetDemo.ready);
    const pageOrigin = new URL(pageUrl).origin;

    await page.locator('#uploader input[type=file]').first()
        .setInputFiles({ name: fileName, mimeType: 'video/mp4', buffer: content });

    // Stopped halfway: paused after PAUSE_AFTER parts (an in-flight part is aborted), then resumed.
    await page.waitForFunction((n) => window.signetDemo.parts.length >= n || window.signetDemo.errors.length > 0,
        pauseAfter, { timeout: 120_000 });
    await page.evaluate(() => window.signetDemo.pause());
    const storedAtPause = await page.evaluate(() => [...window.signetDemo.parts]);
    const atPause = storedAtPause.length;
    await page.waitForTimeout(1500);
    const whilePaused = await page.evaluate(() => window.signetDemo.parts.length);
    const listsBefore = signet.filter((s) => s === 'GET /api/v1/uppy/{uk}/s3/multipart/{uploadId}').length;
    result['paused'] = { partsAtPause: atPause, partsAfterWaiting: whilePaused };
    check(atPause >= pauseAfter && atPause < partCount, `paused after ${atPause} of ${partCount} parts`);
    check(whilePaused === atPause, 'no part was stored while paused');
    await page.evaluate(() => window.signetDemo.resume());

    await page.waitForFunction(() => window.signetDemo.uploaded.length > 0 || window.signetDemo.errors.length > 0,
        undefined, { timeout: 180_000 });
    const demoErrors = await page.evaluate(() => window.signetDemo.errors);
    const uploaded = await page.evaluate(() => window.signetDemo.uploaded[0]);
    check(demoErrors.length === 0, `no errors shown (${demoErrors.join('; ')})`);
    check(uploaded?.fileName === fileName, `the demo completed the upload of ${uploaded?.fileName}`);
    const assetId = uploaded?.assetId ?? '';
    result['assetId'] = assetId;
    const row = page.locator(`#assets tbody tr[data-asset-id="${assetId}"]`);
    check(await row.getAttribute('data-state') === 'ready', 'the asset is listed, ready');

    // What went where: parts to storage from the page's origin; Signet's Companion routes as Uppy calls them.
    const stored = await page.evaluate(() => window.signetDemo.parts);
    const listed = await Promise.all(listings);
    result['partsStored'] = stored;
    result['listings'] = listed;
    // The part in flight at the pause may have reached storage although the browser dropped its answer: then the
    // listing at resume has it and Uppy does not send it again.
    const resumedFrom = listed[0] ?? [];
    check(storedAtPause.every((n) => resumedFrom.includes(n)),
        `resuming listed the parts stored before the pause (${storedAtPause.join(', ')}) among ${resumedFrom.join(', ')}`);
    const covered = new Set([...stored, ...resumedFrom]);
    check(covered.size === partCount && [...covered].every((n) => n >= 1 && n <= partCount),
        `storage holds each of the ${partCount} parts (uploaded ${stored.join(', ')}; listed ${resumedFrom.join(', ')})`);
    const putNumbers = partPuts.map((r) => Number(new URL(r.url()).searchParams.get('partNumber')));
    result['partPuts'] = putNumbers;
    check(storedAtPause.every((n) => putNumbers.filter((m) => m === n).length === 1),
        `after resuming, the parts stored before the pause (${storedAtPause.join(', ')}) were not sent again `
        + `(PUTs of parts ${putNumbers.join(', ')})`);
    // the part in flight at the pause was aborted by the browser: it has no answer (and Playwright no headers)
    const answered = await Promise.all(partPuts.map(async (r) => (await r.response())?.status() ?? 'aborted'));
    check(new Set(putNumbers).size === partCount && answered.filter((s) => s === 'aborted').length <= 1
        && answered.every((s) => s === 200 || s === 'aborted'),
        `each part was PUT, storage answered 200 to all but the one aborted by the pause (${answered.join(', ')})`);
    const origins = new Set(await Promise.all(partPuts.filter((_, i) => answered[i] === 200)
        .map(async (r) => (await r.allHeaders())['origin'])));
    check(origins.size === 1 && origins.has(pageOrigin), `every part PUT came from the page's origin (${[...origins]})`);
    result['signet'] = signet;
    const calls = (what: string) => signet.filter((s) => s === what).length;
    const route = '/api/v1/uppy/{uk}/s3';
    check(calls('POST /api/v1/api-keys') === 1, 'the demo minted its upload key');
    check(calls(`POST ${route}/multipart`) === 1, 'one multipart upload was started');
    check(calls(`GET ${route}/multipart/{uploadId}/{n}`) >= partCount - storedAtPause.length,
        'each part sent was signed (GET /s3/multipart/{uploadId}/{n})');
    check(calls(`GET ${route}/multipart/{uploadId}`) > listsBefore,
        'resuming listed the parts storage holds (GET /s3/multipart/{uploadId})');
    check(calls(`POST ${route}/multipart/{uploadId}/complete`) === 1, 'the upload was completed once');
    check(calls(`GET ${route}/params`) === 0 && signet.every((s) => !s.endsWith('/confirm')),
        'no single upload and no confirm');
    check(signet.filter((s) => s.startsWith('POST') && !s.startsWith(`POST ${route}`)).every((s) => s === 'POST /api/v1/api-keys'
        || s.endsWith('/signed-url')), `of Signet's own API the page only read and minted its key (${signet.join('; ')})`);

    // The bytes: the object by a signed URL (reference 000), fetched by the page.
    await row.locator('button.sign').click();
    const signedUrl = await row.locator('a.signed-link').getAttribute('href');
    check(signedUrl !== null && signedUrl.startsWith(s3), 'a signed URL to storage');
    const signed = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const bytes = await response.arrayBuffer();
        const digest = await crypto.subtle.digest('SHA-256', bytes);
        return {
            status: response.status,
            bytes: bytes.byteLength,
            sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''),
        };
    }, signedUrl ?? '');
    result['signed'] = signed;
    check(signed.status === 200 && signed.bytes === size && signed.sha256 === expected,
        'the object has the same bytes as the file');
    check(pageErrors.length === 0, `no page errors (${pageErrors.join('; ')})`);
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

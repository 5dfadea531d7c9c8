// The real-browser test of the demo (run by BrowserDemoTest): headless Chromium (Debian's, driven by
// playwright-core; no browser download) opens the demo page, served from another origin than Signet's, uploads a
// file with a non-ASCII name through Uppy (the stock @uppy/aws-s3 by URL: a form POST of Signet's POST policy) straight
// to S3, waits for the asset, settled on arrival, in the list, then downloads
// it three ways and checks bytes and file name each time:
//   1. the signed URL of reference 000, with fetch();
//   2. the public download of reference 004 with fetch(): after the cross-origin 302 Chromium sends `Origin: null`
//      to storage, so this works only because the bucket's CORS allows that origin;
//   3. the same URL as a plain <a href> click: the 302 is followed by navigation into a download.
// Environment: CHROMIUM (executable), PAGE_URL (the demo page with #api=…&key=…), S3_ENDPOINT, FILE_NAME.
// Prints one line `RESULT {json}` of what it saw; exits 1 when any check failed (every check runs).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
const s3 = env('S3_ENDPOINT');
const fileName = env('FILE_NAME');

const failures: string[] = [];
function check(condition: boolean, what: string) {
    console.log(`[browser] ${condition ? 'ok  ' : 'FAIL'} ${what}`);
    if (!condition) {
        failures.push(what);
    }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The file name a Content-Disposition value gives, preferring RFC 5987's UTF-8 filename*. */
function dispositionName(value: string | null): string | null {
    if (!value) {
        return null;
    }
    const extended = /filename\*=UTF-8''([^;]+)/i.exec(value);
    if (extended?.[1]) {
        return decodeURIComponent(extended[1]);
    }
    return /filename="([^"]*)"/i.exec(value)?.[1] ?? null;
}

// 200 KiB of UTF-8 text, so the PUT takes more than one progress event.
const line = `${fileName}: Grüße aus 日本, ünïcødé bytes ✓\n`;
const content = Buffer.from(line.repeat(Math.ceil(200 * 1024 / Buffer.byteLength(line))), 'utf8');
const expected = sha256(content);

const watchdog = setTimeout(() => {
    console.error('[browser] gave up after 150 s');
    process.exit(1);
}, 150_000);

const browser = await chromium.launch({
    executablePath,
    headless: true,
    // As this machine's Chromium needs them: no GPU, no QUIC, nothing that calls home.
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const result: Record<string, unknown> = { fileName, bytes: content.length, sha256: expected };
try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => console.log(`[page:${message.type()}] ${message.text()}`));
    page.on('requestfailed', (request) => {
        // a navigation that turns into a download is "aborted" by design
        if (!(request.isNavigationRequest() && request.failure()?.errorText === 'net::ERR_ABORTED')) {
            console.log(`[browser] request failed: ${request.method()} ${request.url().split('?')[0]} `
                + `${request.failure()?.errorText}`);
        }
    });
    // Chromium's own explanations (a CORS refusal, say) reach the DevTools log, not the page's console.
    const devtools = await context.newCDPSession(page);
    devtools.on('Log.entryAdded', ({ entry }) => console.log(`[chromium:${entry.level}] ${entry.text}`));
    await devtools.send('Log.enable');
    const storageRequests: Request[] = [];
    page.on('request', (request) => {
        if (request.url().startsWith(s3)) {
            storageRequests.push(request);
        }
    });

    await page.goto(pageUrl);
    await page.evaluate(() => window.signetDemo.ready);
    const pageOrigin = new URL(pageUrl).origin;

    // Upload through the demo: the Dashboard's own file input, as a person picking the file would.
    await page.locator('#uploader input[type=file]').first()
        .setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: content });
    await page.waitForFunction(() => window.signetDemo.uploaded.length > 0 || window.signetDemo.errors.length > 0);
    const uploaded = await page.evaluate(() => window.signetDemo.uploaded[0]);
    check(uploaded?.fileName === fileName, `the demo saw the upload of ${uploaded?.fileName} settle`);
    const assetId = uploaded?.assetId ?? '';
    result['assetId'] = assetId;
    const row = page.locator(`#assets tbody tr[data-asset-id="${assetId}"]`);
    check(await row.getAttribute('data-state') === 'ready' && await row.getAttribute('data-file-name') === fileName,
        'the asset is listed, ready, under its name');
    // Uppy reports total progress at most twice a second: the last report may come late.
    await page.waitForFunction(() => window.signetDemo.progress.at(-1) === 100, undefined, { timeout: 5_000 })
        .catch(() => undefined);
    const progress = await page.evaluate(() => window.signetDemo.progress);
    const bar = await page.locator('#progress').evaluate((el) => (el as HTMLProgressElement).value);
    result['progress'] = progress;
    check(progress.at(-1) === 100 && bar === 100, `the progress bar reached 100% (${progress.join(', ')})`);
    const post = storageRequests.find((r) => r.method() === 'POST');
    check(post !== undefined, 'the browser POSTed the bytes straight to storage (the form of a POST policy)');
    check(!storageRequests.some((r) => r.method() === 'PUT'), 'no PUT: Uppy by URL sends a single file as a form');
    if (post) {
        const headers = await post.allHeaders();
        result['post'] = { origin: headers['origin'], status: (await post.response())?.status() };
        check(headers['origin'] === pageOrigin, `the POST came from the page's origin (${headers['origin']})`);
        check((await post.response())?.status() === 204, 'storage answered the POST with 204');
    }

    // 1. The signed URL (reference 000), fetched by the page.
    await row.locator('button.sign').click();
    const signedUrl = await row.locator('a.signed-link').getAttribute('href');
    check(signedUrl !== null && signedUrl.startsWith(s3), 'a signed URL to storage');
    const signed = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
        return { status: response.status, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') };
    }, signedUrl ?? '');
    result['signed'] = signed;
    check(signed.status === 200 && signed.sha256 === expected, 'the signed URL gave the same bytes');

    // 2. The public download with fetch(): CORS at Signet for the 302, then at storage with Origin: null. (Before the
    // link below: S3Proxy answers a revalidation (304) without CORS headers, so a fetch() of the very URL a navigation
    // left in the cache fails; Signet's redirect URLs change every second, which is all that keeps them apart.)
    const href = await row.locator('a.download').getAttribute('href');
    const fetched = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const digest = await crypto.subtle.digest('SHA-256', await response.arrayBuffer());
        return {
            status: response.status,
            redirected: response.redirected,
            url: response.url,
            disposition: response.headers.get('Content-Disposition'),
            sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''),
        };
    }, href ?? '');
    const redirectedGet = storageRequests.filter((r) => r.method() === 'GET' && r.redirectedFrom() !== null
        && r.resourceType() === 'fetch').at(-1);
    const redirectedOrigin = redirectedGet ? (await redirectedGet.allHeaders())['origin'] : undefined;
    result['fetch302'] = { ...fetched, originSentToStorage: redirectedOrigin };
    check(fetched.status === 200 && fetched.redirected && fetched.url.startsWith(s3), 'fetch() followed the 302 to storage');
    check(redirectedOrigin === 'null', `after the cross-origin redirect the browser sent Origin: ${redirectedOrigin}`);
    check(dispositionName(fetched.disposition) === fileName, `Content-Disposition names the file (${fetched.disposition})`);
    check(fetched.sha256 === expected, 'fetch() through the 302 gave the same bytes');

    // 3. The public download as a link: navigation follows the 302 and the attachment becomes a download.
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a.download').click()]);
    const downloadPath = await download.path();
    const downloaded = await readFile(downloadPath);
    result['anchor'] = { url: download.url(), suggestedFilename: download.suggestedFilename(), sha256: sha256(downloaded) };
    check(download.url().startsWith(s3), 'the link ended at storage, after the 302');
    check(download.suggestedFilename() === fileName, `the download is named ${download.suggestedFilename()}`);
    check(sha256(downloaded) === expected, 'the downloaded file has the same bytes');

    const demoErrors = await page.evaluate(() => window.signetDemo.errors);
    check(pageErrors.length === 0 && demoErrors.length === 0, `no page errors (${[...pageErrors, ...demoErrors].join('; ')})`);
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

// The real-browser test of download links (run by LinkBrowserTest): headless Chromium (Debian's, driven by
// playwright-core) gets a file through Signet's /l/<token> twice: an `<a href download>` to an attachment link
// (a browser download: 302 to storage, followed), and a top-level navigation to an inline link (the bytes shown).
// Environment: CHROMIUM, ATTACHMENT_URL, INLINE_URL, SHA256 (hex of the file), FILE_NAME (the attachment's name).
// Prints one line `RESULT {json}` of what it saw; exits 1 when a check fails.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const env = (name: string): string => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
};
const executablePath = env('CHROMIUM');
const attachmentUrl = env('ATTACHMENT_URL');
const inlineUrl = env('INLINE_URL');
const expected = env('SHA256');
const fileName = env('FILE_NAME');

const failures: string[] = [];
function check(condition: boolean, what: string) {
    console.log(`[browser] ${condition ? 'ok  ' : 'FAIL'} ${what}`);
    if (!condition) {
        failures.push(what);
    }
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const watchdog = setTimeout(() => {
    console.error('[browser] gave up after 120 s');
    process.exit(1);
}, 120_000);

const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const result: Record<string, unknown> = {};
try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    // 1. <a href download> to the attachment link: a download of the file's bytes under the link's name
    await page.setContent(`<a id="get" href="${attachmentUrl}" download>download</a>`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#get')]);
    const saved = await download.path();
    check(download.failure === undefined || (await download.failure()) === null, 'the download finished');
    const downloaded = readFileSync(saved);
    result.downloadName = download.suggestedFilename();
    result.downloadSha256 = sha256(downloaded);
    check(result.downloadSha256 === expected, `the downloaded bytes are the file's (${downloaded.length} bytes)`);
    check(result.downloadName === fileName, `saved as the link's file name (${result.downloadName})`);

    // 2. a navigation to the inline link: the browser follows the 302 to storage and shows the bytes
    const response = await page.goto(inlineUrl);
    check(response !== null && response.status() === 200, `the inline link answers 200 (${response?.status()})`);
    const chain: number[] = [];
    for (let request = response?.request().redirectedFrom(); request; request = request.redirectedFrom()) {
        const redirect = await request.response();
        chain.push(redirect?.status() ?? 0);
    }
    check(chain.length === 1 && chain[0] === 302, `through one 302 (${JSON.stringify(chain)})`);
    const body = response ? await response.body() : Buffer.alloc(0);
    result.inlineSha256 = sha256(body);
    check(result.inlineSha256 === expected, `the page shows the file's bytes (${body.length} bytes)`);
} finally {
    await browser.close();
    clearTimeout(watchdog);
}
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(failures.length === 0 ? 0 : 1);

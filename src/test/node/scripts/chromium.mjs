// The browser test needs a Chromium: $CHROMIUM, or Debian's /usr/bin/chromium. When it is missing and the build runs
// as root on Debian (CI), Debian's package is installed with apt-get (about 20 s); otherwise the build stops here and
// says what to install. Never a browser download of a test tool's own.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.CHROMIUM || '/usr/bin/chromium';
const usable = () => {
    try {
        accessSync(path, constants.X_OK);
        return true;
    } catch {
        return false;
    }
};
const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

if (!usable() && !process.env.CHROMIUM && process.getuid?.() === 0 && onPath('apt-get')) {
    console.log('[chromium] /usr/bin/chromium is missing: installing Debian\'s chromium package (apt-get, as root)');
    const started = Date.now();
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
        const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
        if (result.status !== 0) {
            console.error(`[chromium] apt-get ${args.join(' ')} failed (exit ${result.status})`);
            break;
        }
    }
    console.log(`[chromium] apt-get took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
if (!usable()) {
    console.error(`[chromium] no Chromium at ${path}. The browser test (BrowserDemoTest) drives a headless Chromium with `
        + 'playwright-core and never downloads one: install Debian\'s package (apt-get install chromium), or set '
        + 'CHROMIUM to a Chrome or Chromium executable.');
    process.exit(1);
}
const version = spawnSync(path, ['--version'], { encoding: 'utf8' });
console.log(`[chromium] ${(version.stdout || '').trim() || path}`);

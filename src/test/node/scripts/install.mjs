// Installs the harness's packages with `npm ci`, only when package-lock.json changed since the last
// install (a stamp in node_modules holds the lock's hash), so a second build costs nothing. Run by the
// Maven build (skipped with -DskipTests) and by the `local` profile for the demo bundle.
// Two npm projects: the harness itself (Uppy 6.x among its packages) and uppy5/, the previous major of Uppy
// (@uppy/aws-s3 5.x and its @uppy/core 5.x), which cannot sit in the same node_modules; each has its own lock.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const home = join(dirname(fileURLToPath(import.meta.url)), '..');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`[node] Node.js ${process.version} is too old: the build needs Node.js 20.19 or newer with npm.`);
    process.exit(1);
}

function install(dir) {
    const lock = readFileSync(join(dir, 'package-lock.json'));
    const hash = createHash('sha256').update(lock).update(process.version).digest('hex');
    const stamp = join(dir, 'node_modules', '.signet-installed');
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
        console.log(`[node] packages of ${dir} up to date (package-lock.json unchanged)`);
        return;
    }
    const started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
    if (result.error || result.status !== 0) {
        console.error(`[node] npm ci failed in ${dir}${result.error ? ': ' + result.error.message : ''}`
            + ' (the build needs npm and the npm registry, or an npm cache that holds package-lock.json\'s packages)');
        process.exit(1);
    }
    writeFileSync(stamp, hash);
    console.log(`[node] npm ci in ${dir} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

install(home);
install(join(home, 'uppy5'));

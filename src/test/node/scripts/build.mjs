// The harness's build step, run by Maven after install.mjs (process-test-resources; skipped with -DskipTests):
//   1. openapi-typescript: docs/openapi.yaml -> <target>/node/signet-api.d.ts (the TypeScript client's types)
//   2. tsc --strict over src/ (the walk-through, the browser test, the demo) -> <target>/node/js
//   3. esbuild: the demo page's bundle (Uppy, its CSS, src/demo.ts) -> <target>/demo, beside a copy of its page
//   4. the pages of UppyBrowserTest, the stock @uppy/aws-s3 by URL: src/uppy6.ts with the harness's Uppy 6.x ->
//      <target>/demo/uppy6, and uppy5/page.ts with Uppy 5.x from uppy5/node_modules (its own npm project, type-checked
//      by tsc against those packages) -> <target>/demo/uppy5, each beside a copy of pages/uppy.html
// `--demo-only --demo-out DIR` does step 3 alone, into DIR: the `local` profile uses it for dev mode's /demo/.
// Everything it writes is under the Maven build directory; nothing generated is committed.
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const home = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const project = resolve(home, '../../..');
const { values: args } = parseArgs({
    options: {
        target: { type: 'string', default: join(project, 'target') },
        'demo-only': { type: 'boolean', default: false },
        'demo-out': { type: 'string' },
        spec: { type: 'string', default: join(project, 'docs/openapi.yaml') },
    },
});
const target = resolve(args.target);
const page = join(project, 'src/local/resources/META-INF/resources/demo/index.html');

async function step(name, work) {
    const started = Date.now();
    await work();
    console.log(`[node] ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function types() {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const ast = await openapiTS(pathToFileURL(resolve(args.spec)), { alphabetize: true });
    mkdirSync(join(target, 'node'), { recursive: true });
    writeFileSync(join(target, 'node/signet-api.d.ts'),
        '// Generated at build time from docs/openapi.yaml by openapi-typescript. Do not edit.\n' + astToString(ast));
}

function compile() {
    const config = join(target, 'node/tsconfig.json');
    writeFileSync(config, JSON.stringify({
        extends: join(home, 'tsconfig.json'),
        compilerOptions: {
            rootDir: join(home, 'src'),
            outDir: join(target, 'node/js'),
            paths: { 'signet-api': [join(target, 'node/signet-api.d.ts')] },
            typeRoots: [join(home, 'node_modules/@types')],
        },
        include: [join(home, 'src/**/*.ts')],
    }, null, 2));
    const tsc = join(home, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { stdio: 'inherit' });
    if (result.status !== 0) {
        throw new Error('tsc --strict failed (see above)');
    }
    // The compiled scripts are ES modules: node needs the package type beside them, and finds their packages
    // through a link to the harness's node_modules (ES module imports do not read NODE_PATH).
    writeFileSync(join(target, 'node/js/package.json'), '{"type":"module"}\n');
    const modules = join(target, 'node/node_modules');
    rmSync(modules, { force: true, recursive: true });
    symlinkSync(join(home, 'node_modules'), modules, 'junction');
}

async function demo(out) {
    const esbuild = await import('esbuild');
    mkdirSync(out, { recursive: true });
    await esbuild.build({
        entryPoints: { demo: join(home, 'src/demo.ts') },
        bundle: true,
        format: 'esm',
        target: ['chrome120', 'firefox120', 'safari17'],
        outdir: out,
        sourcemap: 'linked',
        minify: true,
        legalComments: 'linked',
        logLevel: 'warning',
        absWorkingDir: home,
    });
    copyFileSync(page, join(out, 'index.html'));
}

async function uppyPages(out) {
    const esbuild = await import('esbuild');
    const uppy5 = join(home, 'uppy5');
    const tsc = join(home, 'node_modules/typescript/bin/tsc');
    const checked = spawnSync(process.execPath, [tsc, '-p', join(uppy5, 'tsconfig.json'), '--pretty', 'false'],
        { stdio: 'inherit' });
    if (checked.status !== 0) {
        throw new Error('tsc --strict of uppy5/page.ts failed (see above)');
    }
    for (const [name, entry, dir] of [['uppy6', join(home, 'src/uppy6.ts'), home], ['uppy5', join(uppy5, 'page.ts'), uppy5]]) {
        mkdirSync(join(out, name), { recursive: true });
        // esbuild resolves the page's imports from its own directory up: uppy5/page.ts finds uppy5/node_modules
        await esbuild.build({
            entryPoints: { page: entry },
            bundle: true,
            format: 'esm',
            target: ['chrome120'],
            outdir: join(out, name),
            sourcemap: 'linked',
            logLevel: 'warning',
            absWorkingDir: dir,
        });
        copyFileSync(join(home, 'pages/uppy.html'), join(out, name, 'index.html'));
    }
}

try {
    if (args['demo-only']) {
        await step('demo bundle', () => demo(resolve(args['demo-out'] ?? join(target, 'demo'))));
    } else {
        await step(`openapi-typescript: ${relative(project, resolve(args.spec))} -> signet-api.d.ts`, types);
        await step('tsc --strict', compile);
        await step('demo bundle (esbuild)', () => demo(join(target, 'demo')));
        await step('Uppy 6.x and 5.x pages (esbuild)', () => uppyPages(join(target, 'demo')));
    }
} catch (e) {
    console.error(`[node] build failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
}

// The harness's build step, run by Maven after install.mjs (process-test-resources; skipped with -DskipTests):
//   1. openapi-typescript: docs/openapi.yaml -> <target>/node/signet-api.d.ts (the TypeScript client's types)
//   2. tsc --strict over src/ (the walk-through, the browser test, the demo) -> <target>/node/js
//   3. esbuild: the demo page's bundle (Uppy, its CSS, src/demo.ts) -> <target>/demo, beside a copy of its page
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

try {
    if (args['demo-only']) {
        await step('demo bundle', () => demo(resolve(args['demo-out'] ?? join(target, 'demo'))));
    } else {
        await step(`openapi-typescript: ${relative(project, resolve(args.spec))} -> signet-api.d.ts`, types);
        await step('tsc --strict', compile);
        await step('demo bundle (esbuild)', () => demo(join(target, 'demo')));
    }
} catch (e) {
    console.error(`[node] build failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
}

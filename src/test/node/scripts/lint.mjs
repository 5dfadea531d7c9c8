// Redocly lint of the OpenAPI document (docs/openapi.yaml) with the committed redocly.yaml (the recommended rules,
// every one an error). Prints each problem with its place, then one line per rule with its count, and fails the
// build when any problem is left: `node lint.mjs <spec> [--report-only]`.
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const home = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = resolve(home, '../../..');
const spec = resolve(process.argv[2] ?? join(project, 'docs/openapi.yaml'));
const reportOnly = process.argv.includes('--report-only');
const cli = join(home, 'node_modules/@redocly/cli/bin/cli.js');

const run = spawnSync(process.execPath, [cli, 'lint', relative(project, spec), '--config', 'redocly.yaml', '--format=json'],
    { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
let report;
try {
    report = JSON.parse(run.stdout);
} catch {
    console.error(`[redocly] lint did not run (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    process.exit(1);
}
const byRule = new Map();
for (const problem of report.problems) {
    const where = problem.location?.[0];
    const line = where?.start?.line ?? '?';
    console.log(`[redocly] ${problem.severity} ${problem.ruleId} ${relative(project, spec)}:${line} ${where?.pointer ?? ''}: ${problem.message}`);
    byRule.set(problem.ruleId, (byRule.get(problem.ruleId) ?? 0) + 1);
}
for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) {
    console.log(`[redocly] ${rule}: ${count}`);
}
const total = report.totals.errors + report.totals.warnings;
if (total === 0) {
    console.log(`[redocly] ${relative(project, spec)}: clean (Redocly CLI ${report.version}, recommended-strict)`);
    process.exit(0);
}
const summary = `[redocly] ${relative(project, spec)}: ${report.totals.errors} errors, ${report.totals.warnings} warnings`;
if (reportOnly) {
    console.log(`${summary} (reported only: --report-only)`);
    process.exit(0);
}
console.error(`${summary}: fix the document (or switch a rule off in redocly.yaml with a one-line reason)`);
process.exit(1);

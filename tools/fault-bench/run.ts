import { rm } from 'node:fs/promises';
import { workspaceRoot } from '@depthkit/core/testing';
import { classify, lastLine, verdicts, type Verdict } from './classify.js';
import { faultCases } from './cases.js';
import { makeFixtures } from './fixtures.js';

/**
 * `pnpm bench:faults`: provokes every bad input and fault of the reliability table (hostile model
 * folders, colliding outputs, unclear options, a full disk, kill -9 / SIGINT and resumes) through
 * the CLIs in child processes, classifies each outcome by the rules in classify.ts, and prints
 * the counts and the per-case table. A benchmark, not a test: it reports, it does not fail.
 *
 *   pnpm bench:faults [--only <text>] [--keep]
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  const fixtures = await makeFixtures(log);
  const rows: { id: string; area: string; verdict: Verdict | 'skipped'; why: string; said: string }[] = [];
  for (const c of faultCases.filter((fc) => only == null || fc.id.includes(only))) {
    const t = Date.now();
    const result = await c.run(fixtures).catch((error: Error) => ({ skipped: `the case itself failed: ${error.message.split('\n')[0]}` }));
    if ('skipped' in result) {
      rows.push({ id: c.id, area: c.area, verdict: 'skipped', why: result.skipped, said: '' });
    } else {
      const { verdict, why } = classify(c.expect, result.subjects, result.observed);
      rows.push({ id: c.id, area: c.area, verdict, why, said: lastLine(result.observed.stderr || result.observed.stdout) });
    }
    log(`  ${c.id}: ${rows.at(-1)!.verdict} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  if (!argv.includes('--keep')) await rm(fixtures.root, { recursive: true, force: true });

  const counts = verdicts.map((v) => `${v} ${rows.filter((r) => r.verdict === v).length}`);
  const skipped = rows.filter((r) => r.verdict === 'skipped').length;
  process.stdout.write(`\nfault bench: ${rows.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s — ${counts.join(' / ')}${skipped ? ` / skipped ${skipped}` : ''}\n\n`);
  process.stdout.write('| area | case | verdict | why | what the user saw (last line) |\n| --- | --- | --- | --- | --- |\n');
  for (const r of rows) process.stdout.write(`| ${r.area} | ${r.id} | ${r.verdict} | ${cell(r.why)} | ${cell(r.said)} |\n`);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/\/tmp\/dk-[\w-]+/g, '…').split(`${workspaceRoot}/`).join('');
}

main().catch((error: unknown) => {
  process.stderr.write(`fault-bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

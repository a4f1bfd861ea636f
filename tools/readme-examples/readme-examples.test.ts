import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initEngine, readRgbImage, type DepthMethod } from '@depthkit/core';
import { onednnAvailability, runCliProcess, sharedData, trainTinyModel, workspaceRoot } from '@depthkit/core/testing';
import { deeplabSid } from '@depthkit/deeplab-sid';
import { dsSidenet } from '@depthkit/ds-sidenet';
import { hmaDepth } from '@depthkit/hma-depth';
import { regionSupport } from '@depthkit/region-support';
import { segmentDepth } from '@depthkit/segment-depth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockFileName, readmeBlocks, runnableLanguages, type CodeBlock } from './code-blocks.js';

// Every ts/js block of README.md and packages/*/README.md is typechecked and run as a user would
// run it (tsx, in a folder holding what the block reads); a block that should not run says why in
// a `<!-- not-run: reason -->` comment before it. Shell and output blocks are not code to run.

const photo = sharedData('kitti', 'metric3d_kitti_demo', 'rgb', '0000000005.png');

/** What a README's example needs in its folder, and what it must print. */
interface Example {
  /** A trained tiny model of this method at this folder (the one the example loads). */
  model?: { method: DepthMethod<never>; outDir: string };
  /** Why the example cannot run on this machine, if it cannot. */
  unavailable?: () => Promise<string | undefined>;
  stdout: (context: { photo: { width: number; height: number } }) => RegExp;
}

const depthLine = ({ photo: p }: { photo: { width: number; height: number } }) =>
  new RegExp(`^${p.width}×${p.height} depth map, \\d+\\.\\d m at the top-left pixel\\n$`);

const methodExample = (method: DepthMethod<never>, outDir: string): Example => ({ model: { method, outDir }, stdout: depthLine });

const examples: Record<string, Example> = {
  'packages/deeplab-sid/README.md': methodExample(deeplabSid as DepthMethod<never>, 'runs/dls-tiny'),
  'packages/ds-sidenet/README.md': methodExample(dsSidenet as DepthMethod<never>, 'runs/dss-tiny'),
  'packages/hma-depth/README.md': methodExample(hmaDepth as DepthMethod<never>, 'runs/hma-tiny'),
  'packages/region-support/README.md': methodExample(regionSupport as DepthMethod<never>, 'runs/region-support/tiny'),
  'packages/segment-depth/README.md': methodExample(segmentDepth as DepthMethod<never>, 'runs/sd-tiny'),
  'packages/backend-onednn/README.md': {
    unavailable: async () => {
      const onednn = await onednnAvailability();
      return onednn.ok ? undefined : onednn.reason;
    },
    stdout: () => /^oneDNN \d+\.\d+\.\d+ \(\w+, 2 threads\): 1,8,8,4\n$/,
  },
};

const blocks = readmeBlocks(workspaceRoot);
const runnable = blocks.filter((b) => runnableLanguages.has(b.lang) && b.notRun === undefined);
const where = (b: CodeBlock) => `${b.file}:${b.line}`;

function skipReason(b: CodeBlock): string {
  return b.notRun !== undefined ? `not-run: ${b.notRun}` : `language '${b.lang || 'none'}' is not run`;
}

describe('README code examples', () => {
  let scratch: string;
  let cwd: string;
  let photoSize: { width: number; height: number };

  beforeAll(async () => {
    // Inside the workspace, so that the blocks' imports resolve as they do for a user of the packages.
    await mkdir(path.join(workspaceRoot, '.tmp'), { recursive: true });
    scratch = await mkdtemp(path.join(workspaceRoot, '.tmp', 'readme-'));
    cwd = await mkdtemp(path.join(tmpdir(), 'dk-readme-run-'));
    for (const b of runnable) await writeFile(path.join(scratch, blockFileName(b)), b.code);
    const skipped = blocks.filter((b) => !runnable.includes(b));
    process.stdout.write(`README blocks: ${blocks.length} found, ${runnable.length} typechecked and run, ${skipped.length} skipped:\n`);
    for (const b of skipped) process.stdout.write(`  ${where(b)} (${skipReason(b)})\n`);
    await copyFile(photo, path.join(cwd, 'photo.png'));
    const { width, height } = await readRgbImage(photo);
    photoSize = { width, height };
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  });

  it('finds the examples it knows how to check, and every runnable one has a check', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(Object.keys(examples).length);
    const unchecked = runnable.filter((b) => !(b.file in examples)).map(where);
    expect(unchecked, 'runnable README blocks with no entry in `examples` (add one, or mark the block not-run)').toEqual([]);
  });

  it("shows in README.md the browser snippet that packages/web's Chromium test runs", () => {
    // A page's code cannot run under tsx; the Chromium test runs packages/web's copy, so every
    // other README that shows a browser snippet must show exactly that one.
    const inPage = blocks.filter((b) => b.notRun?.includes('browser.e2e.test.ts'));
    const tested = inPage.find((b) => b.file === 'packages/web/README.md');
    expect(tested, 'packages/web/README.md: expected the browser snippet marked not-run').toBeDefined();
    for (const b of inPage) expect(b.code, `${where(b)} differs from ${where(tested!)}`).toBe(tested!.code);
    expect(inPage.map((b) => b.file)).toContain('README.md');
  });

  it('typecheck', async () => {
    await writeFile(path.join(scratch, 'tsconfig.json'), JSON.stringify({
      extends: path.relative(scratch, path.join(workspaceRoot, 'tsconfig.base.json')),
      compilerOptions: { noEmit: true, allowJs: true, checkJs: true },
      include: ['*.ts', '*.mjs'],
    }));
    const tsc = createRequire(path.join(workspaceRoot, 'package.json')).resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', scratch, '--pretty', 'false'], { encoding: 'utf8', cwd: workspaceRoot });
    // Errors in a block are reported at the README line they come from.
    const errors = result.stdout.split('\n').filter((l) => l.includes('error TS')).map((l) => {
      const m = /([^/\\]+)_L(\d+)\.(?:ts|mjs)\((\d+),\d+\): (.*)$/.exec(l);
      return m ? `${m[1].replace(/_/g, '/')}:${Number(m[2]) + Number(m[3])}: ${m[4]}` : l;
    });
    expect(errors).toEqual([]);
    expect(result.status).toBe(0);
  });

  describe('run', () => {
    beforeAll(async () => {
      await initEngine({ engine: 'wasm', log: false });
      for (const b of runnable) {
        const model = examples[b.file]?.model;
        if (model) await trainTinyModel(model.method, path.join(cwd, model.outDir));
      }
    });

    for (const b of runnable) {
      it(where(b), async (context) => {
        const example = examples[b.file];
        expect(example, `${where(b)}: no entry in \`examples\``).toBeDefined();
        const unavailable = await example.unavailable?.();
        if (unavailable) {
          process.stdout.write(`README block ${where(b)} skipped: ${unavailable}\n`);
          context.skip();
        }
        const run = await runCliProcess(path.join(scratch, blockFileName(b)), [], { cwd, env: { DEPTHKIT_ENGINE: 'wasm' } });
        expect(run.stderr, `${where(b)} wrote errors`).not.toMatch(/Error|error:/);
        expect(run.code, `${where(b)} exited with ${run.code}: ${run.stderr}`).toBe(0);
        expect(run.stdout).toMatch(example.stdout({ photo: photoSize }));
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { blockFileName, codeBlocks } from './code-blocks.js';

const markdown = [
  '# Title',
  '```sh',
  'npm i x',
  '```',
  '<!-- not-run: needs a GPU -->',
  '',
  '```ts',
  "import { x } from 'x';",
  '```',
  'text',
  '```',
  'output',
  '```',
  '```TS',
  'const a = 1;',
  '```',
].join('\n');

describe('codeBlocks', () => {
  it('finds every fenced block with its language, first line and not-run reason', () => {
    const blocks = codeBlocks('a/README.md', markdown);
    expect(blocks.map(({ line, lang, notRun }) => ({ line, lang, notRun }))).toEqual([
      { line: 2, lang: 'sh', notRun: undefined },
      { line: 7, lang: 'ts', notRun: 'needs a GPU' },
      { line: 11, lang: '', notRun: undefined },
      { line: 14, lang: 'ts', notRun: undefined },
    ]);
    expect(blocks[1].code).toBe("import { x } from 'x';\n");
  });

  it('takes a not-run comment only when it stands right before the fence', () => {
    const blocks = codeBlocks('r.md', '<!-- not-run: far -->\ntext between\n```ts\nx\n```\n');
    expect(blocks[0].notRun).toBeUndefined();
  });

  it('names an unclosed block by file and line', () => {
    expect(() => codeBlocks('r.md', 'a\n```ts\nx\n')).toThrow('r.md:2: code block opened here is never closed');
  });

  it('names a block file after where it stands', () => {
    expect(blockFileName({ file: 'packages/hma-depth/README.md', line: 24, lang: 'ts', code: '' })).toBe('packages_hma-depth_README.md_L24.ts');
  });
});

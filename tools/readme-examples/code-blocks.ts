import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** One fenced code block of a markdown file. */
export interface CodeBlock {
  /** The markdown file, relative to the workspace root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language tag ('' when it has none). */
  lang: string;
  code: string;
  /** Why the block is not run, from a `<!-- not-run: reason -->` comment just before it. */
  notRun?: string;
}

/** Languages whose blocks are typechecked and run; every other block is prose to the test. */
export const runnableLanguages = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

const fence = /^```\s*([\w-]*)/;
const notRunMarker = /^<!--\s*not-run:\s*(.+?)\s*-->$/;

/** The fenced code blocks of a markdown text, each with the `not-run` reason written before it. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${file}:${i + 1}: code block opened here is never closed`);
    blocks.push({ file, line: i + 1, lang: open[1].toLowerCase(), code: `${lines.slice(i + 1, end).join('\n')}\n`, notRun: markerBefore(lines, i) });
    i = end;
  }
  return blocks;
}

function markerBefore(lines: string[], fenceAt: number): string | undefined {
  let j = fenceAt - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  return j >= 0 ? notRunMarker.exec(lines[j].trim())?.[1] : undefined;
}

/** The READMEs a user reads: the root one and each package's. */
export function readmeFiles(root: string): string[] {
  const packages = readdirSync(path.join(root, 'packages')).sort().map((p) => path.join('packages', p, 'README.md'));
  return ['README.md', ...packages].filter((file) => existsSync(path.join(root, file)));
}

export function readmeBlocks(root: string): CodeBlock[] {
  return readmeFiles(root).flatMap((file) => codeBlocks(file, readFileSync(path.join(root, file), 'utf8')));
}

/** A file name for a block that says where it came from: packages/x/README.md:24 → packages_x_README.md_L24.ts */
export function blockFileName(block: CodeBlock): string {
  const ext = block.lang.startsWith('j') || block.lang === 'mjs' ? 'mjs' : 'ts';
  return `${block.file.replace(/[\\/]/g, '_')}_L${block.line}.${ext}`;
}

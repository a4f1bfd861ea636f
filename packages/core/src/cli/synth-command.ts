import { Command } from 'commander';
import { generateSynthDataset, nativeSize, synthLayouts } from '../synth/generate.js';
import type { SynthLayout, SynthSplit } from '../synth/layout-writer.js';

interface SynthCommandOptions {
  layout: string;
  out: string;
  count: string;
  seed: string;
  split: string;
  size?: string;
  denseGt?: boolean;
}

/** `HxW` (height × width, as `--crop` and the papers write sizes) → [width, height], what the generator takes. */
export function parseSize(text: string): [number, number] {
  const match = /^(\d+)[x×](\d+)$/i.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`--size: expected HxW (height × width) such as 80x256, found '${text}'`);
  return [Number(match[2]), Number(match[1])];
}

/** A warning when `--size` is portrait for a landscape layout (or the reverse): likely given as WxH. */
export function transposedSizeWarning(size: [number, number], native: [number, number], text: string): string | null {
  const [width, height] = size;
  const [nativeWidth, nativeHeight] = native;
  if (width === height || (width > height) === (nativeWidth > nativeHeight)) return null;
  return `--size ${text} is ${height} high × ${width} wide, but the layout's frames are ${nativeHeight}×${nativeWidth} (HxW); ` +
    `sizes are height×width — did you mean ${width}x${height}?`;
}

function parseInteger(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new Error(`${flag}: expected an integer, found '${text}'`);
  return Number(text);
}

function parseLayout(text: string): SynthLayout {
  if (!Object.hasOwn(synthLayouts, text)) throw new Error(`--layout: expected one of ${Object.keys(synthLayouts).join(', ')}, found '${text}'`);
  return text as SynthLayout;
}

function parseSplit(text: string): SynthSplit {
  if (text !== 'train' && text !== 'test') throw new Error(`--split: expected train or test, found '${text}'`);
  return text;
}

/** `depthkit synth`: procedural scenes with exact depth, written in a real dataset's layout. */
export function synthCommand(): Command {
  return new Command('synth')
    .description("render procedural street or room scenes with exact depth, labels and instances, in KITTI's, NYU's or SYNTHIA's on-disk layout")
    .requiredOption('--layout <name>', 'kitti (street, sparse LiDAR-like GT, calib files), nyu (rooms, BTS sync layout) or synthia (street, RAND-CITYSCAPES layout)')
    .requiredOption('--out <dir>', 'dataset root to write (the folder the matching reader takes)')
    .option('--count <n>', 'frames to render', '100')
    .option('--seed <n>', 'random seed: the same seed writes byte-identical files', '0')
    .option('--split <name>', 'train or test: which split list the frames go to', 'train')
    .option('--size <HxW>', "image size, height×width like --crop (default the dataset's native size; intrinsics are scaled to it)")
    .option('--dense-gt', 'kitti: benchmark GT at every pixel instead of along 64 scan lines')
    .action(async (opts: SynthCommandOptions) => {
      const layout = parseLayout(opts.layout);
      const size = opts.size ? parseSize(opts.size) : nativeSize(layout);
      const warning = opts.size ? transposedSizeWarning(size, nativeSize(layout), opts.size) : null;
      if (warning) process.stderr.write(`depthkit synth: warning: ${warning}\n`);
      const summary = await generateSynthDataset({
        layout,
        out: opts.out,
        count: parseInteger('--count', opts.count),
        seed: parseInteger('--seed', opts.seed),
        split: parseSplit(opts.split),
        size,
        denseGroundTruth: opts.denseGt ?? false,
      });
      process.stdout.write(
        `wrote ${summary.count} ${summary.layout} ${summary.split} frames (${summary.height}×${summary.width}, HxW) under ${opts.out}; ` +
          `split list ${summary.splitFile}\n`,
      );
    });
}

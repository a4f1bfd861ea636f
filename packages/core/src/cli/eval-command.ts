import { Command, Option } from 'commander';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { reportCsv, reportMarkdown, type EvalReport } from '../eval/eval-report.js';
import { defaultProtocolName, getProtocol, parseProtocolName, protocolNames, protocolsForDataset, type ProtocolName } from '../eval/protocol.js';
import { protocolComparisonCsv, protocolComparisonMarkdown, protocolListMarkdown, type ProtocolRun } from '../eval/protocol-table.js';
import { runEvaluation } from '../eval/run-evaluation.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { silogConventions, type SilogConvention } from '../metrics/silog.js';

export interface EvalCommandOptions {
  /** A protocol name, or 'all': every protocol that scores the dataset, one row each. */
  protocol?: ProtocolName | 'all';
  listProtocols?: boolean;
  dataset?: 'kitti' | 'nyu';
  gt?: string;
  pred?: string;
  kbCrop?: boolean;
  medianScaling?: boolean;
  scale?: number;
  resize?: boolean;
  silog?: SilogConvention;
  json?: string;
  csv?: string;
}

const datasets = { kitti: kittiSpec, nyu: nyuSpec };

export function evalCommand(): Command {
  return new Command('eval')
    .description('score depth predictions against ground truth with a published protocol (BTS / monodepth2 conventions)')
    .addOption(new Option('--protocol <protocol>', "evaluation protocol (see --list-protocols), or 'all' (every protocol for --dataset)").choices([...protocolNames, 'all']))
    .addOption(new Option('--dataset <dataset>', "use the dataset's default protocol (kitti: kitti-garg, nyu: nyu)").choices(Object.keys(datasets)))
    .option('--list-protocols', "print every protocol's settings and where they come from, then exit")
    .option('--gt <dir>', 'ground-truth folder: 16-bit depth PNGs or float32 .npy in metres (required)')
    .option('--pred <dir>', 'prediction folder, same relative paths and stems as --gt (required)')
    .option('--kb-crop', 'predictions are 352×1216 KB crops; paste them back into zeros at GT size')
    .option('--median-scaling', 'scale each prediction by median(gt)/median(pred) over its valid pixels')
    .option('--scale <factor>', 'multiply predictions by a fixed factor first (e.g. 5.4 for stereo-trained)', parseScale)
    .option('--resize', "bilinearly resize predictions of another size to the GT size (depthkit's own protocol names; published ones carry their rule)")
    .addOption(new Option('--silog <convention>', "SILog formula for depthkit's own protocol names (default bts); published protocols fix theirs").choices(silogConventions))
    .option('--json <file>', 'write the full report as JSON (required)')
    .option('--csv <file>', 'also write per-image metrics as CSV (with --protocol all: one row per protocol)')
    .action(async (opts: EvalCommandOptions) => {
      const print = (text: string): void => void process.stdout.write(text);
      if (opts.listProtocols) print(protocolListMarkdown());
      else if (opts.protocol === 'all') await executeEvalAll(opts, print);
      else await executeEval(opts, print);
    });
}

/** The command's work, callable from tests: evaluate, write the files, print the table. */
export async function executeEval(opts: EvalCommandOptions, print: (text: string) => void): Promise<EvalReport> {
  const protocol = resolveProtocol(opts);
  const { gt, pred, json } = requiredPaths(opts);
  checkSilog(protocol, opts.silog);
  const report = await runEvaluation({
    protocol,
    gtDir: gt,
    predDir: pred,
    kbCrop: opts.kbCrop,
    medianScaling: opts.medianScaling,
    scale: opts.scale,
    resize: opts.resize,
    silog: opts.silog,
  });
  if (report.metrics === null) {
    throw new Error(`${opts.gt}: none of the ${report.skipped} ground-truth files has a valid pixel (${report.settings.minDepth} < gt < ${report.settings.maxDepth} inside the crop), ` +
      `e.g. ${report.skippedFiles.slice(0, 3).join(', ')}; expected depth maps (all zero? check --gt and the protocol's depth scale ${report.settings.depthScale}) — no report written`);
  }
  await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.csv) await writeFileAtomic(opts.csv, reportCsv(report));
  print(reportMarkdown(report));
  print(`silog: ${report.settings.silog}; valid: ${report.conventions.valid}`);
  print(`${report.nonFinitePixels > 0 ? `; ${report.nonFinitePixels} non-finite prediction pixels replaced` : ''}\n`);
  if (report.skipped > 0) print(`skipped (fewer than ${getProtocol(report.protocol).minValidPixels} valid pixels): ${report.skippedFiles.slice(0, 5).join(', ')}${report.skipped > 5 ? ', …' : ''}\n`);
  if (report.nonPositivePixels > 0) {
    print(getProtocol(report.protocol).clamp
      ? `warning: clamped ${report.nonPositivePixels} negative or zero prediction pixels to ${report.settings.minDepth} (minDepth)\n`
      : `warning: ${report.nonPositivePixels} negative or zero prediction pixels scored as they are (protocol '${report.protocol}' does not clamp)\n`);
  }
  if (report.medianRatio) print(`median-scaling ratios: median ${report.medianRatio.median.toFixed(3)}, std ${report.medianRatio.std.toFixed(3)}\n`);
  return report;
}

/**
 * `--protocol all`: the prediction folder scored under every protocol of the dataset, one row
 * each; JSON holds every report, CSV one row per protocol. A protocol that cannot score these
 * files (e.g. the devkit on predictions of another size) gets its reason instead of numbers.
 */
export async function executeEvalAll(opts: EvalCommandOptions, print: (text: string) => void): Promise<ProtocolRun[]> {
  if (!opts.dataset) throw new Error(`eval: --protocol all needs --dataset (${Object.keys(datasets).join(', ')}) to know which protocols fit`);
  const { gt, pred, json } = requiredPaths(opts);
  const runs: ProtocolRun[] = [];
  for (const protocol of protocolsForDataset(datasets[opts.dataset])) {
    try {
      const report = await runEvaluation({
        protocol, gtDir: gt, predDir: pred, kbCrop: opts.kbCrop, medianScaling: opts.medianScaling, scale: opts.scale, resize: opts.resize, silog: opts.silog,
      });
      runs.push({ protocol, report });
    } catch (error) {
      runs.push({ protocol, error: (error as Error).message });
    }
  }
  await writeFileAtomic(json, `${JSON.stringify({ dataset: opts.dataset, protocols: runs }, null, 2)}\n`);
  if (opts.csv) await writeFileAtomic(opts.csv, protocolComparisonCsv(runs));
  print(protocolComparisonMarkdown(runs));
  return runs;
}

function requiredPaths(opts: EvalCommandOptions): { gt: string; pred: string; json: string } {
  const missing = (['gt', 'pred', 'json'] as const).filter((k) => !opts[k]).map((k) => `--${k}`);
  if (missing.length > 0) throw new Error(`eval: missing ${missing.join(', ')}`);
  return { gt: opts.gt!, pred: opts.pred!, json: opts.json! };
}

/** A published protocol fixes its SILog formula; asking for another one is a contradiction. */
function checkSilog(name: ProtocolName, silog: SilogConvention | undefined): void {
  const fixed = getProtocol(name).silog;
  if (silog !== undefined && fixed !== null && silog !== fixed) {
    throw new Error(`eval: protocol '${name}' computes SILog as '${fixed}'; --silog ${silog} only applies to kitti-garg, kitti-eigen, kitti-none, nyu, nyu-none`);
  }
}

function resolveProtocol(opts: EvalCommandOptions): ProtocolName {
  if (opts.protocol === 'all') throw new Error("eval: --protocol all is run by executeEvalAll");
  if (opts.protocol) return parseProtocolName(opts.protocol, '--protocol');
  if (opts.dataset) return defaultProtocolName(datasets[opts.dataset]);
  throw new Error(`eval: give --protocol (${protocolNames.join(', ')}) or --dataset (${Object.keys(datasets).join(', ')})`);
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale: expected a positive number, found '${value}'`);
  return scale;
}

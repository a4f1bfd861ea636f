import type { DepthMap } from '../io/image-types.js';
import type { EvalReport } from './eval-report.js';
import type { EvaluateOptions } from './evaluate-image.js';
import { matchDepthFiles, type DepthFilePair } from './match-files.js';
import { getProtocol, type EvalProtocol, type ProtocolName } from './protocol.js';
import { readDepthFile } from './read-depth-file.js';
import { EvalReportBuilder } from './report-builder.js';

export interface RunEvaluationOptions extends Omit<EvaluateOptions, 'protocol'> {
  protocol: ProtocolName | EvalProtocol;
  gtDir: string;
  predDir: string;
  /** Image pairs being decoded ahead of the one being scored; bounds memory. Default 4. */
  readAhead?: number;
  /** Called after each image, e.g. for progress. */
  onImage?: (done: number, total: number, file: string) => void;
  /** Reader for GT and prediction files; defaults to 16-bit PNG / float32 .npy by extension. */
  readDepth?: (file: string, depthScale: number) => Promise<DepthMap>;
}

/**
 * Scores every prediction in `predDir` against the GT of the same relative path and stem in
 * `gtDir`. Images stream through: at most `readAhead` pairs are in memory while decoding
 * overlaps scoring, so the 697-image Eigen split costs a few images' worth of memory.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvalReport> {
  const protocol = typeof options.protocol === 'string' ? getProtocol(options.protocol) : options.protocol;
  const evalOptions: EvaluateOptions = { ...options, protocol };
  const pairs = await matchDepthFiles(options.gtDir, options.predDir);
  const builder = new EvalReportBuilder(evalOptions);
  let done = 0;
  const read = options.readDepth ?? readDepthFile;
  for await (const { pair, gt, pred } of loadPairs(pairs, protocol.depthScale, options.readAhead ?? 4, read)) {
    builder.add(pair.file, gt, pred);
    options.onImage?.(++done, pairs.length, pair.file);
  }
  return builder.build();
}

interface LoadedPair {
  pair: DepthFilePair;
  gt: DepthMap;
  pred: DepthMap;
}

async function* loadPairs(
  pairs: DepthFilePair[],
  depthScale: number,
  readAhead: number,
  read: (file: string, depthScale: number) => Promise<DepthMap>,
): AsyncGenerator<LoadedPair> {
  const load = (pair: DepthFilePair): Promise<LoadedPair> =>
    Promise.all([read(pair.gtPath, depthScale), read(pair.predPath, depthScale)]).then(([gt, pred]) => ({ pair, gt, pred }));
  const queue: Promise<LoadedPair>[] = [];
  let next = 0;
  const refill = (): void => {
    while (queue.length < Math.max(1, readAhead) && next < pairs.length) {
      const pending = load(pairs[next++]);
      // Failures surface when their turn comes; until then they must not count as unhandled.
      pending.catch(() => undefined);
      queue.push(pending);
    }
  };
  refill();
  while (queue.length > 0) {
    const loaded = await queue.shift()!;
    refill();
    yield loaded;
  }
}

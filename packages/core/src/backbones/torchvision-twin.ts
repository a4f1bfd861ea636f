import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { relativeError } from '../testing/index.js';
import type { TorchvisionArch, OutputStride } from './backbone-types.js';
import { countTrainableParams, createBackbone } from './create-backbone.js';
import { importTorchvisionWeights } from './import-torchvision-weights.js';
import { dilatedStages } from './resnet.js';
import { readSafetensors } from './safetensors.js';

const script = fileURLToPath(new URL('./__reference__/torchvision_twin.py', import.meta.url));

/** torchvision's `sum(p.numel())` without the classifier head (torchvision 0.14). */
export const torchvisionParams: Record<TorchvisionArch, number> = {
  resnet18: 11_176_512,
  resnet34: 21_284_672,
  resnet50: 23_508_032,
  resnet101: 42_500_160,
  resnext50: 22_979_904,
  densenet121: 6_953_856,
  densenet161: 26_472_000,
};

export interface TwinReport {
  params: number;
  taps: string[];
}

/**
 * Test-only: runs torchvision's twin of `arch` under Debian's python3 (torch + torchvision),
 * leaving `weights.safetensors` and `io.safetensors` in `out`.
 */
export function runTorchvisionTwin(arch: string, out: string, options: { dilation?: [boolean, boolean, boolean]; size?: number } = {}): TwinReport {
  const dilation = (options.dilation ?? [false, false, false]).map((d) => (d ? '1' : '0')).join(',');
  const stdout = execFileSync('sh', ['-c', 'command -p python3 "$@"', 'sh', script, '--arch', arch, '--dilation', dilation,
    '--size', String(options.size ?? 64), '--out', out], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as TwinReport;
}

export interface ParityReport {
  twin: TwinReport;
  params: number;
  taps: { name: string; stride: number; channels: number; shape: number[]; expectedShape: number[]; error: number }[];
}

/**
 * Test-only: builds `arch`, imports its torchvision twin's weights, runs the twin's input and
 * compares every tap (NCHW → NHWC) by relative error.
 */
export async function torchvisionParity(arch: TorchvisionArch, outputStride: OutputStride, dir: string, size = 64): Promise<ParityReport> {
  const twin = runTorchvisionTwin(arch, dir, { dilation: dilatedStages(outputStride), size });
  const backbone = createBackbone({ arch, outputStride, inputShape: [size, size, 3] });
  try {
    const weightsFile = path.join(dir, 'weights.safetensors');
    importTorchvisionWeights(backbone.model, await readSafetensors(weightsFile), weightsFile);
    const io = await readSafetensors(path.join(dir, 'io.safetensors'));
    const input = io.tensors.get('input')!;
    const outputs = tf.tidy(() => backbone.model.predict(
      tf.transpose(tf.tensor4d(input.toFloat32(), input.shape as [number, number, number, number]), [0, 2, 3, 1])) as tf.Tensor[]);
    const taps = backbone.taps.map((tap, i) => {
      const expected = io.tensors.get(tap.name);
      if (expected == null) throw new Error(`io.safetensors: expected tap '${tap.name}', found ${[...io.tensors.keys()].join(', ')}`);
      const [n, c, h, w] = expected.shape;
      const shape = outputs[i].shape;
      const error = shape.join() === [n, h, w, c].join()
        ? relativeError(tf.tidy(() => tf.transpose(outputs[i], [0, 3, 1, 2]).dataSync()), expected.toFloat32())
        : Infinity;
      return { ...tap, shape, expectedShape: [n, h, w, c], error };
    });
    tf.dispose(outputs);
    const summary = taps.map((t) => `${t.name} ${t.error.toExponential(1)}`).join(', ');
    process.stdout.write(`parity ${arch} output stride ${outputStride}: ${summary}\n`);
    return { twin, params: countTrainableParams(backbone.model), taps };
  } finally {
    backbone.model.dispose();
  }
}

import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { depthkitVersion } from '../cli/package-version.js';
import { modelJsonFile, readModelArtifacts, type ModelJson } from '../io/layers-model-files.js';
import { defaultShardBytes, quantizeFloat16, shardWeights } from '../io/weight-shards.js';
import { AtomicDirectory } from '../train/checkpoint/atomic-directory.js';
import type { DepthMethod, MethodPreset } from './depth-method.js';
import { evaluateMethod, evaluationDataset } from './evaluate-method.js';
import { dataDirOf, type MethodModelMetadata } from './model-files.js';
import { presetOf } from './train-method.js';

export const webWeightFormats = ['float32', 'float16'] as const;
export type WebWeightFormat = (typeof webWeightFormats)[number];

/** How the accuracy moved when the weights were stored as float16: AbsRel on the model's test data, before and after. */
export interface QuantizationAccuracy {
  metric: 'abs_rel';
  float32: number;
  float16: number;
  /** float16 − float32. */
  difference: number;
  images: number;
  split: string;
  protocol: string;
}

/**
 * What an exported folder's model.json carries under `userDefinedMetadata.depthkit`: the trained
 * model's metadata (without its data folder, which does not travel), the size the preset
 * predicts at, and how the folder was written.
 */
export interface WebModelMetadata extends Omit<MethodModelMetadata, 'dataDir'> {
  /** [h, w] the image is resized to before the network (null: the image's own size, padded to the stride). */
  testSize: [number, number] | null;
  export: {
    by: string;
    weights: WebWeightFormat;
    /** Tensors kept as float32 in a float16 export (values beyond ±65504). */
    keptFloat32?: string[];
    maxShardBytes: number;
    accuracy?: QuantizationAccuracy;
  };
}

export interface ExportWebOptions<Config> {
  method: DepthMethod<Config>;
  /** A trained `<out>/model` folder. */
  modelDir: string;
  outDir: string;
  weights?: WebWeightFormat;
  /** Test data for the float16 accuracy check (default: the folder the model was trained on). */
  dataDir?: string;
  split?: string;
  splitFile?: string;
  /** Replace a non-empty `outDir`. */
  overwrite?: boolean;
  /** Default 4 MiB, tfjs-converter's. */
  maxShardBytes?: number;
  print?: (line: string) => void;
  onImage?: (done: number, total: number) => void;
}

export interface WebExport {
  outDir: string;
  files: string[];
  weightBytes: number;
  metadata: WebModelMetadata;
}

/**
 * `<method> export --web`: a trained model folder rewritten as a folder a static server serves
 * as it is — model.json, weight shards of at most 4 MiB, the depthkit metadata — optionally with
 * float16 weights, whose accuracy change is measured on the model's test data first. Written
 * into a sibling temp folder and renamed into place, so `outDir` is never half-written.
 */
export async function exportWebModel<Config>(o: ExportWebOptions<Config>): Promise<WebExport> {
  const modelDir = path.resolve(o.modelDir);
  const outDir = path.resolve(o.outDir);
  const weights = o.weights ?? 'float32';
  if (!webWeightFormats.includes(weights)) throw new Error(`--quantize: expected one of ${webWeightFormats.join(', ')}, found '${weights}'`);
  refuseOverlap(modelDir, outDir);
  await refuseOccupied(outDir, o.overwrite === true);
  const { json, specs, weightData } = await readModelArtifacts(modelDir);
  const info = depthkitMetadata(json, modelDir, o.method);
  const preset = presetOf(o.method, info.preset);
  const quantized = weights === 'float16' ? quantizeFloat16(specs, new Uint8Array(weightData)) : null;
  const maxShardBytes = o.maxShardBytes ?? defaultShardBytes;
  const shards = shardWeights(quantized?.entries ?? specs, quantized?.data ?? new Uint8Array(weightData), maxShardBytes);
  const { dataDir: _trainingData, ...carried } = info;
  const metadata: WebModelMetadata = {
    ...carried,
    testSize: preset.training.testSize ?? null,
    export: { by: `depthkit ${depthkitVersion()} export --web`, weights, ...(quantized?.keptFloat32.length ? { keptFloat32: quantized.keptFloat32 } : {}), maxShardBytes },
  };
  const modelJson = (meta: WebModelMetadata): string => `${JSON.stringify({
    format: json.format ?? 'layers-model',
    generatedBy: json.generatedBy,
    convertedBy: metadata.export.by,
    modelTopology: json.modelTopology,
    weightsManifest: [shards.group],
    userDefinedMetadata: { ...json.userDefinedMetadata, depthkit: meta },
  })}\n`;
  // Leftovers of an interrupted export are never complete: the next one removes them.
  const target = new AtomicDirectory(outDir, async () => null);
  await target.replace(async (write, temp) => {
    try {
      for (const [i, file] of shards.group.paths.entries()) await write(file, shards.files[i]);
      await write(modelJsonFile, modelJson(metadata));
      if (quantized) {
        metadata.export.accuracy = await measureFloat16(o, preset as MethodPreset<unknown>, info, modelDir, temp);
        await write(modelJsonFile, modelJson(metadata));
      }
    } catch (error) {
      await rm(temp, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  });
  const a = metadata.export.accuracy;
  o.print?.(`exported ${info.method} (${info.preset}) to ${outDir}: ${shards.group.paths.length} shard${shards.group.paths.length === 1 ? '' : 's'}, ${formatBytes(shards.files.reduce((n, f) => n + f.byteLength, 0))} of ${weights} weights`);
  if (a) {
    o.print?.(`float16 accuracy on ${a.images} ${a.split} images (${a.protocol}): AbsRel ${a.float32.toFixed(6)} → ${a.float16.toFixed(6)} (difference ${a.difference >= 0 ? '+' : ''}${a.difference.toExponential(3)})`);
  }
  return {
    outDir,
    files: [modelJsonFile, ...shards.group.paths],
    weightBytes: shards.files.reduce((n, f) => n + f.byteLength, 0),
    metadata,
  };
}

/** Writing into the model folder, or replacing a folder that holds it, would destroy the input. */
function refuseOverlap(modelDir: string, outDir: string): void {
  const inside = (child: string, parent: string) => {
    const r = path.relative(parent, child);
    return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
  };
  if (inside(outDir, modelDir)) throw new Error(`${outDir}: the export folder is the model folder ${modelDir} or inside it; choose a folder outside it`);
  if (inside(modelDir, outDir)) throw new Error(`${outDir}: the export folder holds the model folder ${modelDir}; replacing it would delete the model — choose another folder`);
}

async function refuseOccupied(outDir: string, overwrite: boolean): Promise<void> {
  const info = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info == null) return;
  if (!info.isDirectory()) throw new Error(`${outDir}: expected a folder to export into, found a file`);
  const entries = await readdir(outDir);
  if (entries.length > 0 && !overwrite) {
    throw new Error(`${outDir}: expected an empty or new folder, found ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); pass --overwrite to replace it`);
  }
}

function depthkitMetadata<Config>(json: ModelJson, modelDir: string, method: DepthMethod<Config>): MethodModelMetadata {
  const where = path.join(modelDir, modelJsonFile);
  const info = (json.userDefinedMetadata as { depthkit?: MethodModelMetadata } | undefined)?.depthkit;
  if (info == null || typeof info !== 'object') throw new Error(`${where}: no depthkit metadata (userDefinedMetadata.depthkit); expected a model written by '${method.id} train'`);
  if (info.method !== method.id) throw new Error(`${where}: a '${String(info.method)}' model, but this is the '${method.id}' export`);
  return info;
}

/** AbsRel of the original and of the float16 folder on the same test split, through core's evaluation (the load path included). */
async function measureFloat16<Config>(
  o: ExportWebOptions<Config>, preset: MethodPreset<unknown>, info: MethodModelMetadata, modelDir: string, exported: string,
): Promise<QuantizationAccuracy> {
  let dataDir: string;
  try {
    dataDir = dataDirOf(o.dataDir, info, modelDir);
  } catch {
    throw new Error(`${path.join(modelDir, modelJsonFile)}: the model records no test data folder, needed to measure the float16 accuracy change; pass --data <dir>`);
  }
  const dataset = evaluationDataset(preset, o.dataDir);
  const split = o.split ?? 'test';
  const run = (dir: string, label: string) => evaluateMethod({
    method: o.method, modelDir: dir, dataDir, dataset, split, splitFile: o.splitFile,
    onImage: (done, total) => o.onImage?.(done, total),
  }).then((report) => {
    if (report.metrics == null) throw new Error(`${dataDir}: no ${split} image has valid ground truth, so the ${label} accuracy cannot be measured; pass --data with a test split`);
    return report;
  });
  o.print?.(`measuring the float16 accuracy change on ${dataDir} (${split} split)…`);
  const before = await run(modelDir, 'float32');
  const after = await run(exported, 'float16');
  return {
    metric: 'abs_rel',
    float32: before.metrics!.abs_rel,
    float16: after.metrics!.abs_rel,
    difference: after.metrics!.abs_rel - before.metrics!.abs_rel,
    images: before.images,
    split,
    protocol: before.protocol,
  };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readBackboneFolder, readBackboneWeightFiles, type BackboneFolder } from './backbone-files.js';
import { parseBackboneArch, parseOutputStride, torchvisionArchs, type BackboneArch, type OutputStride } from './backbone-types.js';

/** What `loadBackboneWeights` copied, for the one line a command prints. */
export interface LoadedBackboneWeights {
  dir: string;
  arch: BackboneArch;
  /** The output stride the folder was written at. */
  importedOutputStride: OutputStride;
  /** The output stride of the backbone it was copied into. */
  outputStride: OutputStride;
  /** Weight tensors copied (BN running statistics included). */
  tensors: number;
  /** Numbers copied. */
  values: number;
}

/** The one line commands print once weights are in. */
export function describeLoadedBackboneWeights(loaded: LoadedBackboneWeights): string {
  const stride = loaded.importedOutputStride === loaded.outputStride
    ? `output stride ${loaded.outputStride}`
    : `imported at output stride ${loaded.importedOutputStride}, used at ${loaded.outputStride}`;
  return `backbone weights: ${loaded.arch} (${stride}), ${loaded.tensors} tensors / ${loaded.values.toLocaleString('en-US')} values from ${loaded.dir}`;
}

interface BackboneMetadata {
  arch: BackboneArch;
  outputStride: OutputStride;
}

function metadataOf(model: tfl.LayersModel): BackboneMetadata | undefined {
  const meta = (model.getUserDefinedMetadata() as { depthkitBackbone?: BackboneMetadata } | undefined)?.depthkitBackbone;
  return meta ?? undefined;
}

/** The models built by `createBackbone` inside `model` (or `model` itself), depth first. */
function coreBackbonesOf(model: tfl.LayersModel): tfl.LayersModel[] {
  if (metadataOf(model)) return [model];
  return model.layers.flatMap((layer) => (layer instanceof tfl.LayersModel ? coreBackbonesOf(layer) : []));
}

const shapeText = (shape: readonly (number | null)[]) => `[${shape.join(', ')}]`;

/** Fails unless the folder holds exactly the backbone's weights, each at its shape and dtype. */
function checkSpecs(folder: BackboneFolder, backbone: tfl.LayersModel, arch: BackboneArch): void {
  const specs = new Map(folder.weightSpecs.map((s) => [s.name, s]));
  const wanted = new Set(backbone.weights.map((w) => w.originalName));
  for (const w of backbone.weights) {
    const spec = specs.get(w.originalName);
    if (!spec) throw new Error(`${folder.jsonPath}: expected weight '${w.originalName}' ${shapeText(w.shape)} of ${arch}, found none`);
    if (shapeText(spec.shape) !== shapeText(w.shape) || spec.dtype !== w.dtype) {
      throw new Error(`${folder.jsonPath}: weight '${w.originalName}' of ${arch}: expected ${w.dtype} ${shapeText(w.shape)}, found ${spec.dtype} ${shapeText(spec.shape)}`);
    }
  }
  const extra = folder.weightSpecs.filter((s) => !wanted.has(s.name)).map((s) => s.name);
  if (extra.length > 0) {
    throw new Error(`${folder.jsonPath}: expected only the ${backbone.weights.length} weights of ${arch}, found ${extra.length} more (${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ', …' : ''})`);
  }
}

/**
 * Copies an imported backbone folder (`depthkit import-weights`, `saveBackbone`) into the core
 * backbone nested in `model` (a method's network built around `createBackbone(...).model`, or a
 * bare backbone); every other weight of `model` is left as it is. The architecture must match
 * and every weight must be there at its shape. The output stride need not: dilation changes no
 * weight's shape or meaning (DeepLab fine-tunes output-stride-32 ImageNet weights at 8), so a
 * folder imported at 32 fills a backbone built at 16 or 8 and the other way round.
 */
export async function loadBackboneWeights(model: tfl.LayersModel, dir: string): Promise<LoadedBackboneWeights> {
  const backbones = coreBackbonesOf(model);
  if (backbones.length !== 1) {
    throw new Error(
      `${dir}: expected model '${model.name}' to hold exactly one core backbone (built by createBackbone) to load the weights into, ` +
        `found ${backbones.length === 0 ? 'none' : backbones.map((b) => b.name).join(', ')}`,
    );
  }
  const backbone = backbones[0];
  const target = metadataOf(backbone)!;
  const folder = await readBackboneFolder(dir, { needsTopology: false });
  if (folder.arch !== target.arch) {
    throw new Error(
      `${dir}: expected backbone weights of ${target.arch} (the backbone of model '${model.name}'), found ${folder.arch}` +
        ((torchvisionArchs as readonly string[]).includes(target.arch) ? `; import them with 'depthkit import-weights --arch ${target.arch}'` : ''),
    );
  }
  checkSpecs(folder, backbone, target.arch);
  const named = tf.io.decodeWeights(await readBackboneWeightFiles(dir, folder), folder.weightSpecs);
  try {
    backbone.setWeights(backbone.weights.map((w) => named[w.originalName]));
  } finally {
    tf.dispose(Object.values(named));
  }
  return {
    dir,
    arch: target.arch,
    importedOutputStride: folder.outputStride,
    outputStride: parseOutputStride(target.outputStride, `model '${model.name}': backbone output stride`),
    tensors: backbone.weights.length,
    values: backbone.weights.reduce((n, w) => n + tf.util.sizeFromShape(w.shape as number[]), 0),
  };
}

import { Command } from 'commander';
import path from 'node:path';
import { backboneModelFile, backboneWeightsFile, saveBackbone } from '../backbones/backbone-files.js';
import { parseOutputStride, parseTorchvisionArch, torchvisionArchs, type Backbone } from '../backbones/backbone-types.js';
import { countTrainableParams, createBackbone } from '../backbones/create-backbone.js';
import { importTorchvisionWeights } from '../backbones/import-torchvision-weights.js';
import { readSafetensors } from '../backbones/safetensors.js';
import { initEngine, type EngineName } from '../engine/engine.js';
import { engineOption } from './engine-option.js';

export interface ImportWeightsOptions {
  arch: string;
  from: string;
  out: string;
  outputStride?: string;
  engine?: EngineName;
}

/** torchvision's constructor names, accepted as well as depthkit's. */
const torchvisionAliases: Record<string, string> = { resnext50_32x4d: 'resnext50' };

export function importWeightsCommand(): Command {
  return new Command('import-weights')
    .description('turn torchvision ImageNet weights (a state_dict saved as safetensors) into a depthkit backbone, offline')
    .requiredOption('--arch <name>', `backbone: ${torchvisionArchs.join(', ')}`)
    .requiredOption('--from <file>', 'torchvision state_dict as .safetensors (pickled .pth files are refused: loading them runs code)')
    .requiredOption('--out <dir>', `folder to write ${backboneModelFile} + ${backboneWeightsFile} (read back with loadBackbone)`)
    .option('--output-stride <n>', 'ResNets: 32, or 16/8 to dilate the last stage(s) as DeepLab does', '32')
    .addOption(engineOption())
    .action(async (opts: ImportWeightsOptions) => {
      await executeImportWeights(opts, (text) => process.stdout.write(text));
    });
}

/** The command's work, callable from tests: build, import, check, save, summarise. */
export async function executeImportWeights(opts: ImportWeightsOptions, print: (text: string) => void): Promise<Backbone> {
  const arch = parseTorchvisionArch(torchvisionAliases[opts.arch] ?? opts.arch, '--arch');
  const outputStride = parseOutputStride(opts.outputStride ?? '32', '--output-stride');
  if (!opts.from.endsWith('.safetensors')) {
    throw new Error(`--from: expected a .safetensors file, found '${opts.from}' (convert a .pth with safetensors.torch.save_file(torch.load(f), out))`);
  }
  await initEngine({ engine: opts.engine });
  const weights = await readSafetensors(opts.from);
  const backbone = createBackbone({ arch, outputStride, inputShape: [null, null, 3] });
  importTorchvisionWeights(backbone.model, weights, opts.from);
  await saveBackbone(backbone, opts.out);
  const taps = backbone.taps.map((t) => `${t.name} 1/${t.stride} ${t.channels}ch`).join(', ');
  print(
    `imported ${countTrainableParams(backbone.model).toLocaleString('en-US')} parameters of ${arch} (output stride ${outputStride}) ` +
      `from ${opts.from}; wrote ${path.join(opts.out, backboneModelFile)} + ${backboneWeightsFile}; taps: ${taps}\n`,
  );
  return backbone;
}

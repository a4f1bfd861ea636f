import { Command, Option } from 'commander';
import { initEngine, type EngineName } from '../engine/engine.js';
import type { DepthMethod } from '../method/depth-method.js';
import { exportWebModel } from '../method/export-web.js';
import { engineOption } from './engine-option.js';
import { methodOfModel } from './method-packages.js';

interface ExportOptions {
  web?: string;
  model?: string;
  checkpoint?: string;
  quantize?: 'float16';
  data?: string;
  split: string;
  splitFile?: string;
  overwrite?: boolean;
  engine?: EngineName;
}

/**
 * `export --web <dir>`: shared by every method CLI (`method` given) and by `depthkit export`,
 * which finds the method from the model folder's metadata.
 */
export function exportCommand(method?: DepthMethod<unknown>): Command {
  const command = new Command('export')
    .description('write a trained model as a folder a static web server serves as is (model.json, ≤ 4 MiB weight shards, metadata), for @depthkit/web\'s loadDepthModel')
    .option('--web <dir>', 'the folder to write (required; refused when not empty, unless --overwrite)')
    .option('--model <dir>', 'a trained <out>/model folder (required)');
  if (method) command.option('--checkpoint <dir>', 'the same as --model, as eval and predict name it');
  return command
    .addOption(new Option('--quantize <dtype>', 'store the weights as float16 (half the bytes); the AbsRel change on the test data is printed and recorded').choices(['float16']))
    .option('--data <dir>', 'test data for the float16 accuracy check (default: the data the model was trained on)')
    .option('--split <name>', 'split for the accuracy check', 'test')
    .option('--split-file <file>', 'list replacing the folder\'s or bundled one')
    .option('--overwrite', 'replace a non-empty --web folder')
    .addOption(engineOption())
    .action(async (o: ExportOptions) => {
      if (!o.web) throw new Error('export: --web <dir> is required (the folder to write; the web export is the only kind)');
      if (o.model && o.checkpoint && o.model !== o.checkpoint) throw new Error(`export: --model ${o.model} and --checkpoint ${o.checkpoint} name two models; give one`);
      const modelDir = o.model ?? o.checkpoint;
      if (!modelDir) throw new Error('export: --model <dir> is required (a trained <out>/model folder)');
      const chosen = method ?? await methodOfModel(modelDir);
      // The float16 accuracy check runs the network; a plain export only moves bytes.
      if (o.quantize) await initEngine({ engine: o.engine });
      await exportWebModel({
        method: chosen, modelDir, outDir: o.web, weights: o.quantize ?? 'float32', dataDir: o.data, split: o.split, splitFile: o.splitFile,
        overwrite: o.overwrite, print: (line) => process.stdout.write(`${line}\n`),
        onImage: (done, total) => { if (done === total || done % 50 === 0) process.stderr.write(`eval ${done}/${total}\n`); },
      });
    });
}

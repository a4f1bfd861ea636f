// `pnpm demo`: the bench's trained models (or a tiny one trained here first), exported with
// `depthkit export --web`, built into the page and served locally.
import path from 'node:path';
import { benchModels, buildDemo, demoDir, exportModels, tinyModel, workspaceDir, writeSamples } from './demo-assets.js';
import { serveStatic } from './static-server.js';

const port = Number(process.env.PORT ?? 4173);
const publicDir = path.join(demoDir, 'public');
const outDir = path.join(demoDir, 'dist');

const fromBench = await benchModels();
let models = fromBench;
if (models.length > 0) {
  process.stdout.write(`demo: the bench's newest run has ${models.length} trained model${models.length === 1 ? '' : 's'}: ${models.map((m) => m.name).join(', ')}\n`);
} else {
  process.stdout.write('demo: no bench run in bench-results/ (pnpm bench:kitti writes one); using a tiny hma-depth trained on synthetic frames (bench-results/.demo, trained on the first run)\n');
  models = [await tinyModel(path.join(workspaceDir, 'bench-results', '.demo', 'hma-depth-tiny'))];
}
// The first model also as float16: half the download, its accuracy change shown in the menu.
await exportModels([...models, { ...models[0], quantize: 'float16' }], publicDir);
await writeSamples(publicDir);
await buildDemo(publicDir, outDir);
const { url } = await serveStatic(outDir, port);
process.stdout.write(`\ndepthkit demo: ${url}   (Ctrl-C stops it)\n`);

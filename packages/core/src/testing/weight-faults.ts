import { copyFile, mkdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Ways a downloaded model folder's weight files can be hostile or damaged. */
export const weightFaults = ['parent-path', 'absolute-path', 'symlink-out', 'size-mismatch', 'dev-zero', 'nan-weights'] as const;
export type WeightFault = (typeof weightFaults)[number];

/** Text that must never appear in any output: it lives only in the file outside the model folder. */
export const weightFaultSentinel = 'SENTINEL-0b5e7d-outside-the-model-folder';

/**
 * Copies the model folder `source` (model.json + weights.bin) to `<dest>/model` and damages it
 * as `fault` says. `<dest>/secret.bin` — beside the folder, the size of the real weights, filled
 * with the sentinel — is what a manifest escaping the folder would read.
 */
export async function writeFaultyModelFolder(source: string, dest: string, fault: WeightFault): Promise<{ dir: string; secret: string }> {
  const dir = path.join(dest, 'model');
  await mkdir(dir, { recursive: true });
  const size = (await stat(path.join(source, 'weights.bin'))).size;
  const secret = path.join(dest, 'secret.bin');
  await writeFile(secret, Buffer.from(weightFaultSentinel.repeat(Math.ceil(size / weightFaultSentinel.length)).slice(0, size)));
  await copyFile(path.join(source, 'weights.bin'), path.join(dir, 'weights.bin'));
  const json = JSON.parse(await readFile(path.join(source, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const setPath = (p: string) => { json.weightsManifest[0].paths = [p]; };
  if (fault === 'parent-path') setPath('../secret.bin');
  if (fault === 'absolute-path') setPath(secret);
  if (fault === 'dev-zero') setPath('/dev/zero');
  if (fault === 'symlink-out') {
    await rm(path.join(dir, 'weights.bin'));
    await symlink(secret, path.join(dir, 'weights.bin'));
  }
  if (fault === 'size-mismatch') await truncate(path.join(dir, 'weights.bin'), size - 4);
  if (fault === 'nan-weights') {
    const bytes = await readFile(path.join(dir, 'weights.bin'));
    bytes.writeFloatLE(Number.NaN, 0);
    await writeFile(path.join(dir, 'weights.bin'), bytes);
  }
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
  return { dir, secret };
}

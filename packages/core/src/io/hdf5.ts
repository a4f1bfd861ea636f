import type { Dataset, File as H5File } from 'h5wasm';
import { assertFileExists, readFailure } from './read-failure.js';

type H5wasm = typeof import('h5wasm').default;

let loading: Promise<H5wasm> | undefined;

/** h5wasm (HDF5 compiled to wasm) is loaded on first use: most commands never touch HDF5. */
export async function loadH5wasm(): Promise<H5wasm> {
  loading ??= import('h5wasm/node').then(async (module) => {
    const h5wasm = module.default;
    await h5wasm.ready;
    return h5wasm;
  });
  return loading;
}

/** Opens an HDF5 file (e.g. a MATLAB v7.3 .mat) read-only; the caller closes it. */
export async function openHdf5(file: string, what: string): Promise<H5File> {
  await assertFileExists(file, what);
  const h5wasm = await loadH5wasm();
  try {
    return new h5wasm.File(file, 'r');
  } catch (error) {
    throw readFailure(file, `${what} (HDF5 / MATLAB v7.3)`, error);
  }
}

/** A dataset that must exist, with its shape (in HDF5's row-major order). */
export function requireDataset(h5: H5File, name: string, file: string): { dataset: Dataset; shape: number[] } {
  const entity = h5.get(name);
  const keys = () => h5.keys().join(', ') || 'nothing';
  if (!entity || !('shape' in entity)) throw new Error(`${file}: expected an HDF5 dataset '${name}', found ${keys()}`);
  const dataset = entity as Dataset;
  return { dataset, shape: dataset.shape ?? [] };
}

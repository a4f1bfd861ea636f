import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, expectNoTensorLeak, randomTensor, setUpOnednn, skipReason } from '../test/helpers.js';
import { OnednnBackend } from './backend.js';
import { BufferPool } from './buffer-pool.js';
import { registerOnednnBackend } from './register.js';

describe('BufferPool', () => {
  it('reuses only arrays it handed out, by length, within its byte limit, dropping the stalest sizes', () => {
    const pool = new BufferPool(4, 64);
    const small = pool.take(3);
    const a = pool.take(8);
    expect(pool.isOwned(small)).toBe(false);
    expect(pool.isOwned(a)).toBe(true);
    pool.give(a);
    expect(pool.take(8)).toBe(a);
    pool.give(new Float32Array(8));
    expect(pool.bytes).toBe(0);
    pool.give(a);
    const b = pool.take(16);
    pool.give(b);
    // 32 + 64 bytes would pass the 64-byte limit: the size used least recently (8) is let go,
    // not the array just returned.
    expect(pool.bytes).toBe(64);
    expect(pool.take(16)).toBe(b);
    expect(pool.take(8)).not.toBe(a);
  });
});

describe.skipIf(!addonStatus.ok)(`the onednn backend${skipReason}`, () => {
  beforeAll(async () => {
    setUpOnednn();
    await tf.setBackend('onednn');
  });

  it('registers every cpu kernel under onednn and lists its native ones', () => {
    const info = registerOnednnBackend();
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    const onednn = new Set(tf.getKernelsForBackend('onednn').map((k) => k.kernelName));
    expect(cpu.filter((name) => !onednn.has(name))).toEqual([]);
    for (const name of ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'DepthwiseConv2dNative', 'BatchMatMul', '_FusedMatMul', 'MaxPool', 'AvgPoolGrad', 'ResizeBilinear', 'ResizeBilinearGrad', 'DepthkitBatchNormTraining', 'DepthkitReluGradFromOutput']) {
      expect(info.nativeKernels, name).toContain(name);
    }
    expect(tf.backend()).toBeInstanceOf(OnednnBackend);
  });

  it('recycles a disposed output array, and reads never hand out a pooled array', async () => {
    await expectNoTensorLeak(() => {
      const backend = tf.backend() as OnednnBackend;
      const x = randomTensor([1, 64, 64, 32], 1);
      const y = tf.relu(x);
      const read = y.dataSync();
      const kept = Float32Array.from(read);
      const values = backend.data.get(y.dataId).values;
      expect(read).not.toBe(values);
      y.dispose();
      const z = tf.neg(x);
      expect(backend.data.get(z.dataId).values, 'reused array').toBe(values);
      expect(Array.from(read.slice(0, 8))).toEqual(Array.from(kept.slice(0, 8)));
      tf.dispose([x, z]);
    });
  });

  it('keeps a user array out of the pool', async () => {
    await expectNoTensorLeak(() => {
      const backend = tf.backend() as OnednnBackend;
      const mine = new Float32Array(1 << 17).fill(3);
      const t = tf.tensor1d(mine);
      t.dispose();
      const other = tf.tidy(() => tf.relu(randomTensor([1 << 17], 2)));
      expect(backend.data.get(other.dataId).values).not.toBe(mine);
      expect(mine[0]).toBe(3);
      other.dispose();
    });
  });

  it('gives complex tensors their own copies of pooled inputs', async () => {
    await expectNoTensorLeak(() => {
      const real = tf.tidy(() => tf.relu(randomTensor([1 << 17], 3)));
      const imag = tf.tidy(() => tf.neg(tf.relu(randomTensor([1 << 17], 4))));
      const expected = real.dataSync().slice(0, 4);
      const complex = tf.complex(real, imag);
      tf.dispose([real, imag]);
      const overwrite = tf.tidy(() => tf.neg(tf.relu(randomTensor([1 << 17], 5))));
      const back = tf.real(complex);
      expect(Array.from(back.dataSync().slice(0, 4))).toEqual(Array.from(expected));
      tf.dispose([complex, overwrite, back]);
    });
  });

  it('never reuses an array that a view (cpu Unpack / contiguous Slice) still reads', async () => {
    await expectNoTensorLeak(() => {
      const x = tf.tidy(() => tf.relu(randomTensor([2, 1 << 16], 6)));
      const rows = tf.unstack(x);
      const expected = rows[1].dataSync().slice(0, 4);
      x.dispose();
      const overwrite = tf.tidy(() => tf.neg(tf.relu(randomTensor([2, 1 << 16], 7))));
      tf.dispose(overwrite);
      const again = tf.tidy(() => tf.neg(tf.relu(randomTensor([2, 1 << 16], 8))));
      expect(Array.from(rows[1].dataSync().slice(0, 4))).toEqual(Array.from(expected));
      tf.dispose([...rows, again]);
    });
  });
});

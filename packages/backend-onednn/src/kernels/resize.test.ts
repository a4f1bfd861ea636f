import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, dot, expectLikeCpu, randomTensor, runOn, setUpOnednn, skipReason } from '../../test/helpers.js';

const modes = [
  { name: 'half-pixel', alignCorners: false, halfPixelCenters: true },
  { name: 'align-corners', alignCorners: true, halfPixelCenters: false },
  { name: 'legacy', alignCorners: false, halfPixelCenters: false },
];

describe.skipIf(!addonStatus.ok)(`onednn bilinear resize${skipReason}`, () => {
  beforeAll(setUpOnednn);

  for (const mode of modes) {
    for (const [from, to] of [[[5, 7], [10, 14]], [[6, 4], [11, 9]], [[8, 12], [3, 5]], [[1, 3], [2, 6]], [[13, 17], [26, 34]]] as const) {
      it(`${mode.name} ${from} → ${to}: forward equals cpu, gradient is its adjoint`, async () => {
        const resize = (t: tf.Tensor) => tf.image.resizeBilinear(t as tf.Tensor4D, [to[0], to[1]], mode.alignCorners, mode.halfPixelCenters);
        await expectLikeCpu(() => resize(randomTensor([2, from[0], from[1], 6], 1)), 'forward');
        // tfjs's cpu gradient ignores halfPixelCenters and transposes non-square images: the
        // adjoint identity ⟨resize(x), dy⟩ = ⟨x, grad(dy)⟩ is the reference instead.
        const { values: [x, y, dy, dx] } = await runOn('onednn', () => {
          const input = randomTensor([2, from[0], from[1], 6], 1);
          const out = resize(input);
          const g = randomTensor(out.shape, 2);
          const grad = tf.engine().runKernel('ResizeBilinearGrad', { images: input, dy: g }, { alignCorners: mode.alignCorners, halfPixelCenters: mode.halfPixelCenters }) as tf.Tensor;
          return [input, out, g, grad];
        });
        expect(Math.abs(dot(x, dx) - dot(y, dy)) / Math.abs(dot(y, dy))).toBeLessThan(1e-4);
      });
    }
  }
});

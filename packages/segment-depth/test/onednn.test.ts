import { describeOnednnParity } from '@depthkit/core/testing';
import { segmentDepth } from '../src/method.js';

// The native engine trains the same network as wasm (5 tiny-preset steps, same seed and batches)
// and a model saved on it predicts the same after loading.
// segment-depth's wasm run parts from tfjs's cpu backend by 1.7 % from step 2 on (wasm 167.0817,
// cpu 169.8925), and onednn follows cpu to 1e-6 (169.8926): the gap is wasm's. Step 1 (no update
// yet) is held to 1e-4, the later steps to 3e-2.
await describeOnednnParity(segmentDepth, {
  tolerance: { firstStep: 1e-4, laterSteps: 3e-2 },
  toleranceReason: 'wasm parts from tfjs cpu by 1.7 % from step 2',
  predictContext: { intrinsics: { fx: 70, fy: 70, cx: 36, cy: 20 } },
});

import { describeOnednnParity } from '@depthkit/core/testing';
import { dsSidenet } from '../src/method.js';

// The native engine trains the same network as wasm (5 tiny-preset steps, same seed and batches)
// and a model saved on it predicts the same after loading.
// DS-SIDENet's gradients at initialisation are ill-conditioned (deep BN chains on 1/32 maps): tfjs's
// own cpu and wasm backends already part by 1.6 % at step 3 (wasm 13.0494, cpu 13.2620; onednn
// 13.1243, between them). Step 1 (no update yet) is held to 1e-4, the later steps to 3e-2.
await describeOnednnParity(dsSidenet, {
  tolerance: { firstStep: 1e-4, laterSteps: 3e-2 },
  toleranceReason: 'tfjs cpu and wasm already part by 1.6 % at step 3',
});

import { describeOnednnParity } from '@depthkit/core/testing';
import { deeplabSid } from '../src/method.js';

// The native engine trains the same network as wasm (5 tiny-preset steps, same seed and batches)
// and a model saved on it predicts the same after loading.
await describeOnednnParity(deeplabSid);

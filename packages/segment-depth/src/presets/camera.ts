import { synthiaSpec } from '@depthkit/core/web';

/**
 * SYNTHIA's focal length in pixels once a whole frame is resized to the network input [h, w]
 * (fx scales with the width): f_train of §4's correction, from the dataset spec.
 */
export function synthiaFocalAt(input: readonly [number, number]): number {
  const fixed = synthiaSpec.intrinsics.fixed;
  return (fixed.fx * input[1]) / synthiaSpec.resolution.native[1];
}

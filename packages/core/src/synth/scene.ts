import type { Primitive } from './primitives.js';

/** Everything the ray-caster needs besides the camera. */
export interface Scene {
  primitives: Primitive[];
  /** Unit vector towards the light (world frame, y down). */
  light: readonly [number, number, number];
  /** Share of light that reaches surfaces facing away from the light. */
  ambient: number;
  /** Distance (m) at which fog has taken 1 − 1/e of a colour; a depth cue. */
  fogDistance: number;
  fogColour: readonly [number, number, number];
  /** Half the road's width, for the lane paint; absent indoors. */
  roadHalfWidth?: number;
  /** Seeds the sky's clouds. */
  seed: number;
}

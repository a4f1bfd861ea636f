import type { DepthMetrics, EvalReport } from '@depthkit/core';

export type RowStatus = 'ok' | 'not applicable' | 'failed';

/** One method's line of the report: how its model was obtained, and how it scored. */
export interface BenchRow {
  method: string;
  status: RowStatus;
  /** Why a method has no numbers (no preset for the dataset, or the error it failed with). */
  reason?: string;
  preset?: string;
  /** The predict-time setting this row was scored with (bench `benchSettings`), when the method has several. */
  setting?: string;
  /** `trained`: the preset trained by this run; `checkpoint`: the user's model. */
  model?: 'trained' | 'checkpoint';
  modelDir?: string;
  /** What the model was trained on, when this run trained it. */
  trainData?: string;
  trainSteps?: number;
  /** Why training ended before the preset's steps (the per-method budget), if it did. */
  stoppedEarly?: string;
  metrics: DepthMetrics | null;
  images: number;
  skipped: number;
  /** Trainable parameters. */
  params: number | null;
  /** Median wall-clock ms per test image: preprocessing, network, resize to GT size. */
  inferenceMs: number | null;
  trainSeconds: number | null;
  report?: EvalReport;
}

export function emptyRow(method: string, status: RowStatus, reason: string, preset?: string): BenchRow {
  return { method, status, reason, preset, metrics: null, images: 0, skipped: 0, params: null, inferenceMs: null, trainSeconds: null };
}

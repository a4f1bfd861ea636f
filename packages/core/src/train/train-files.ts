import path from 'node:path';

/** Files fit() writes under `outDir`. */
export const trainFiles = {
  log: 'train-log.jsonl',
  curves: 'training-curves.png',
  checkpoints: 'checkpoints',
  last: path.join('checkpoints', 'last'),
  /** The version `last` replaced: the fallback when `last` is damaged. */
  previous: path.join('checkpoints', 'previous'),
  best: path.join('checkpoints', 'best'),
} as const;

/** Files fit() writes under `outDir` (plain strings: nothing of Node runs at import). */
export const trainFiles = {
  log: 'train-log.jsonl',
  curves: 'training-curves.png',
  checkpoints: 'checkpoints',
  last: 'checkpoints/last',
  /** The version `last` replaced: the fallback when `last` is damaged. */
  previous: 'checkpoints/previous',
  best: 'checkpoints/best',
} as const;

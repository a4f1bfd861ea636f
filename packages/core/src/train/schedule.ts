export type ScheduleType = 'constant' | 'poly' | 'cosine' | 'step';

export interface ScheduleConfig {
  type: ScheduleType;
  /** poly: exponent (default 0.9, as DeepLab / BTS). */
  power?: number;
  /** poly and cosine: the rate reached at the last step (default 0). */
  endLr?: number;
  /** step: multiply by `gamma` (default 0.1) every `stepSize` steps, or at each of `milestones`. */
  gamma?: number;
  stepSize?: number;
  milestones?: number[];
  /** Linear warm-up over the first `warmupSteps` steps, from `warmupFactor`× (default 0.001) the rate. */
  warmupSteps?: number;
  warmupFactor?: number;
}

/** lr(step) for step = 0 … totalSteps − 1: the rate the (step + 1)-th update uses. */
export type LearningRate = (step: number) => number;

/**
 * A schedule as a pure function of the step, so a resumed run needs no schedule state.
 * poly: (base − end)·(1 − step/total)^power + end (DeepLab); cosine: end + ½(base − end)(1 + cos(π·step/total));
 * warm-up (mmcv's linear warm-up) multiplies the regular rate by 1 − (1 − step/warmup)(1 − factor).
 */
export function createSchedule(baseLr: number, totalSteps: number, config: ScheduleConfig = { type: 'constant' }): LearningRate {
  if (!(Number.isInteger(totalSteps) && totalSteps > 0)) throw new Error(`schedule: totalSteps must be a positive integer, got ${totalSteps}`);
  const regular = regularSchedule(baseLr, totalSteps, config);
  const warmupSteps = config.warmupSteps ?? 0;
  const factor = config.warmupFactor ?? 0.001;
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) throw new Error(`schedule: warmupSteps must be an integer ≥ 0, got ${warmupSteps}`);
  return (step) => {
    const lr = regular(step);
    if (step >= warmupSteps) return lr;
    return lr * (1 - (1 - step / warmupSteps) * (1 - factor));
  };
}

function regularSchedule(base: number, total: number, config: ScheduleConfig): LearningRate {
  const end = config.endLr ?? 0;
  const progress = (step: number) => Math.min(Math.max(step, 0), total) / total;
  switch (config.type) {
    case 'constant':
      return () => base;
    case 'poly': {
      const power = config.power ?? 0.9;
      return (step) => (base - end) * (1 - progress(step)) ** power + end;
    }
    case 'cosine':
      return (step) => end + 0.5 * (base - end) * (1 + Math.cos(Math.PI * progress(step)));
    case 'step': {
      const gamma = config.gamma ?? 0.1;
      const { stepSize, milestones } = config;
      if (milestones) return (step) => base * gamma ** milestones.filter((m) => step >= m).length;
      if (!(stepSize != null && stepSize > 0)) throw new Error('schedule: type step needs stepSize > 0 or milestones');
      return (step) => base * gamma ** Math.floor(step / stepSize);
    }
    default:
      throw new Error(`schedule: unknown type '${(config as { type: string }).type}'; expected constant, poly, cosine or step`);
  }
}

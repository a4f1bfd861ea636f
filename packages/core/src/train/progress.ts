import cliProgress from 'cli-progress';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface ProgressInfo {
  step: number;
  epoch: number;
  loss: number;
  terms: Record<string, number>;
  lr: number;
  imagesPerSec: number;
  /** Seconds to the last step at the current rate; NaN before a rate is known. */
  eta: number;
}

export interface Progress {
  update(info: ProgressInfo): void;
  /** A message that must not be overwritten by the bar (validation, checkpoint). */
  note(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  mode?: ProgressMode;
  total: number;
  start: number;
  /** Where the lines go (default stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** In lines mode, print every this many steps (default ~20 lines per run, at least every 1000). */
  every?: number;
}

/**
 * A single cli-progress bar when stderr is a terminal, plain periodic lines otherwise (CI logs
 * would fill with redraws).
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode === 'auto' || options.mode == null ? (stream.isTTY ? 'bar' : 'lines') : options.mode;
  if (mode === 'none') return { update: () => undefined, note: () => undefined, stop: () => undefined };
  if (mode === 'lines') return lineProgress(options, stream);
  return barProgress(options, stream);
}

function barProgress(options: ProgressOptions, stream: NodeJS.WritableStream): Progress {
  const bar = new cliProgress.SingleBar({
    stream,
    format: '{bar} {value}/{total} | epoch {epoch} | loss {loss} | lr {lr} | {rate} | ETA {etaText}',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
    noTTYOutput: false,
  }, cliProgress.Presets.shades_classic);
  bar.start(options.total, options.start, { epoch: '-', loss: '-', lr: '-', rate: '- img/s', etaText: '-' });
  return {
    update: (info) => bar.update(info.step, {
      epoch: info.epoch, loss: formatNumber(info.loss), lr: info.lr.toExponential(2), rate: formatRate(info.imagesPerSec), etaText: formatDuration(info.eta),
    }),
    note: (line) => {
      // cli-progress redraws over the line it is on; print below it and let it redraw.
      stream.write(`\n${line}\n`);
    },
    stop: () => bar.stop(),
  };
}

function lineProgress(options: ProgressOptions, stream: NodeJS.WritableStream): Progress {
  const every = options.every ?? Math.max(1, Math.min(1000, Math.round(options.total / 20)));
  return {
    update: (info) => {
      if (info.step % every !== 0 && info.step !== options.total && info.step !== options.start + 1) return;
      stream.write(`${formatLine(info, options.total)}\n`);
    },
    note: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}

export function formatLine(info: ProgressInfo, total: number): string {
  const terms = Object.entries(info.terms).map(([k, v]) => ` ${k} ${formatNumber(v)}`).join('');
  const percent = ((100 * info.step) / total).toFixed(0);
  return `step ${info.step}/${total} (${percent}%) epoch ${info.epoch} loss ${formatNumber(info.loss)}${terms} lr ${info.lr.toExponential(2)} ${formatRate(info.imagesPerSec)} ETA ${formatDuration(info.eta)}`;
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** Images per second, or seconds per image when under one (a paper-shape step on CPU read "0.0 img/s"). */
export function formatRate(imagesPerSec: number): string {
  if (!(imagesPerSec > 0) || imagesPerSec >= 1) return `${imagesPerSec.toFixed(1)} img/s`;
  return `${(1 / imagesPerSec).toFixed(1)} s/img`;
}

/** The smoothed step time of a run's progress line, after `stepsSoFar` earlier steps of this process. */
export interface StepClock { seconds: number; stepsSoFar: number }

/**
 * Step time for the rate and ETA: a moving average, so they do not jump with every checkpoint
 * write, restarted at the second step of the process because the first is several times slower
 * (its arrays are all new memory the OS maps and zeroes; hma-depth kitti on onednn 73.9 s, then
 * 15.5–18.1 s) and, blended in, would inflate the ETA for dozens of steps.
 */
export function tickStepClock(clock: StepClock, seconds: number): StepClock {
  const fresh = clock.stepsSoFar < 2;
  return { seconds: fresh ? seconds : 0.9 * clock.seconds + 0.1 * seconds, stepsSoFar: clock.stepsSoFar + 1 };
}

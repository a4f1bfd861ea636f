import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AugmentWorkerData } from './augment-worker.js';
import type { PreparedSample } from './batch.js';
import type { SourceSample } from './train-sample.js';

export interface AugmentRequest { id: number; epoch: number; index: number; read: SourceSample }
export type AugmentReply = { id: number; prepared: PreparedSample } | { id: number; error: string };

/** Two workers keep ahead of a train step on a 2-core machine without starving it. */
export function defaultWorkerCount(): number {
  return Math.min(2, availableParallelism());
}

/**
 * The worker's entry: the built file next to the bundle (dist/augment-worker.js), else — running
 * from sources (vitest, tsx) — a plain-JS bootstrap that loads the .ts worker through tsx.
 */
function workerEntry(): URL {
  const built = new URL('./augment-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  const source = new URL('./augment-worker-source.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(`pipeline: the worker entry is missing (expected ${fileURLToPath(built)}); rebuild @depthkit/core or pass workers: 0`);
  }
  return source;
}

const live = new Set<Worker>();

/** Worker threads of every pool that have not exited yet (tests check none outlives its pipeline). */
export function liveAugmentWorkers(): number {
  return live.size;
}

interface Task { request: AugmentRequest; resolve(p: PreparedSample): void; reject(e: Error): void }

/**
 * A fixed set of worker threads that augment samples, each one sample at a time, handed out in
 * request order. Results come back by request id, so callers see them in their own order however
 * the workers interleave. Workers are unref'd: an abandoned pool never keeps the process alive.
 */
export class AugmentPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private nextId = 0;
  private failure?: Error;
  private closed = false;

  constructor(size: number, data: AugmentWorkerData) {
    const url = workerEntry();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: data });
      worker.unref();
      live.add(worker);
      worker.on('message', (reply: AugmentReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(new Error(`pipeline: an augmentation worker failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        live.delete(worker);
        if (!this.closed) this.fail(new Error(`pipeline: an augmentation worker exited (code ${code}) before the pipeline finished`));
      });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.all.length;
  }

  augment(epoch: number, index: number, read: SourceSample): Promise<PreparedSample> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('pipeline: the augmentation workers were stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, epoch, index, read }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; pending requests are rejected. */
  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new Error('pipeline: the augmentation workers were stopped'));
    await Promise.all(this.all.map((w) => w.terminate()));
    for (const w of this.all) live.delete(w);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      // The sample is copied, not transferred: a source may hand out the same buffers again.
      worker.postMessage(task.request);
    }
  }

  private settle(worker: Worker, reply: AugmentReply): void {
    const task = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (task && task.request.id === reply.id) {
      if ('error' in reply) task.reject(new Error(reply.error));
      else task.resolve(reply.prepared);
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.rejectAll(this.failure);
    void this.terminate();
  }

  private rejectAll(error: Error): void {
    for (const task of [...this.running.values(), ...this.queue.splice(0)]) task.reject(error);
    this.running.clear();
  }
}

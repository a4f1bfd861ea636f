import type { BackendValues, DataId, DataType } from '@tensorflow/tfjs-core';
import { totalmem } from 'node:os';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { OnednnAddon } from './addon.js';
import { BufferPool } from './buffer-pool.js';

/**
 * What the pool may hold beyond the live tensors: its arrays are RSS no tensor uses, so the
 * cap is a step's slack, not a share of the machine (at half the machine, region-support's
 * step held 11 GB of free arrays beside 9 GB of tensors); 4 GiB keeps the sizes a step reuses
 * (at 2 GiB, fresh arrays doubled its time).
 */
function poolLimitBytes(): number {
  const fallback = Math.min(2 ** 32, totalmem() / 6);
  const mb = Number(process.env.DEPTHKIT_ONEDNN_POOL_MB ?? fallback / 2 ** 20);
  return Number.isFinite(mb) && mb >= 0 ? mb * 2 ** 20 : fallback;
}

/**
 * tfjs's cpu backend — tensors in ordinary JS typed arrays, so no 4 GB heap ceiling — with the
 * addon at hand for the native kernels, which read and write those arrays in place, and a
 * pool that recycles the native kernels' output arrays.
 */
export class OnednnBackend extends MathBackendCPU {
  readonly pool = new BufferPool(1 << 16, poolLimitBytes());

  constructor(readonly addon: OnednnAddon) {
    super();
    // The cpu backend's first write suggests installing tfjs-node; this is the native backend.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** An output array for a native kernel (pooled; every native kernel writes all of it). */
  allocate(length: number): Float32Array {
    return this.pool.take(length);
  }

  /**
   * A second tensor on a pooled array (a tfjs kernel that shares its input's array or a
   * subarray of it without counting a reference, e.g. cpu Slice's contiguous view) would see
   * the array reused under it: such arrays leave the pool for good.
   */
  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    this.pool.noteWrite(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.pool.noteWrite(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values != null && !this.data.has(dataId)) this.pool.give(values);
    return released;
  }

  /** Reads hand out a copy of pooled arrays, which are reused once their tensor is disposed. */
  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    return this.pool.isOwned(values) ? (values as Float32Array).slice() : values;
  }

  override dispose(): void {
    this.pool.clear();
    super.dispose();
  }
}

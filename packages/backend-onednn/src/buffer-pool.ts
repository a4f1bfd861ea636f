/**
 * Reuses the float32 arrays of disposed native outputs. A fresh 10 MB typed array costs ~30×
 * the time of writing into one already mapped (the kernel zeroes every page on first touch),
 * and a training step allocates the same activation shapes every step. Only arrays this pool
 * handed out come back, so a user's own array (tf.tensor(myArray)) is never reused.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<Float32Array>();
  /** Owned arrays by their buffer, to recognise views of them. */
  private readonly ownerOf = new WeakMap<ArrayBufferLike, Float32Array>();
  /** Owned arrays now held by a tensor. */
  private readonly held = new WeakSet<Float32Array>();
  /** Owned arrays seen twice (shared or viewed): never reused. */
  private readonly aliased = new WeakSet<Float32Array>();
  private pooledBytes = 0;

  constructor(
    /** Arrays smaller than this many elements are not worth pooling. */
    private readonly minLength = 1 << 16,
    private readonly maxPooledBytes = 2 ** 31,
  ) {}

  /** A float32 array of `length` elements; its contents are undefined when reused. */
  take(length: number): Float32Array {
    if (length < this.minLength) return new Float32Array(length);
    const reused = this.free.get(length)?.pop();
    if (reused != null) {
      this.pooledBytes -= reused.byteLength;
      return reused;
    }
    const array = new Float32Array(length);
    this.owned.add(array);
    this.ownerOf.set(array.buffer, array);
    return array;
  }

  isOwned(values: unknown): boolean {
    return values instanceof Float32Array && this.owned.has(values);
  }

  /** Called when the backend stores `values` under a tensor: notices second holders and views. */
  noteWrite(values: unknown): void {
    if (!ArrayBuffer.isView(values)) return;
    const owner = this.ownerOf.get((values as Float32Array).buffer);
    if (owner == null) return;
    if (owner !== values || this.held.has(owner)) this.aliased.add(owner);
    else this.held.add(owner);
  }

  /** Takes back an array whose tensor is gone. */
  give(values: unknown): void {
    if (!this.isOwned(values)) return;
    const array = values as Float32Array;
    this.held.delete(array);
    if (this.aliased.has(array)) return;
    if (this.pooledBytes + array.byteLength > this.maxPooledBytes) return;
    const list = this.free.get(array.length) ?? [];
    list.push(array);
    this.free.set(array.length, list);
    this.pooledBytes += array.byteLength;
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }

  get bytes(): number {
    return this.pooledBytes;
  }
}

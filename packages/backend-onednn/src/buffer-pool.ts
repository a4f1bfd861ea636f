/**
 * Reuses the float32 arrays of disposed native outputs. A fresh 10 MB typed array costs ~30×
 * the time of writing into one already mapped (the kernel zeroes every page on first touch),
 * and a training step allocates the same activation shapes every step. Only arrays this pool
 * handed out come back, so a user's own array (tf.tensor(myArray)) is never reused.
 *
 * Over its byte cap the pool lets go of the sizes used least recently, not of the array just
 * returned: a step's forward and backward pass free and ask for different sizes, and a pool that
 * kept whatever came first held 11 GB of sizes nobody asked for again while region-support's
 * step allocated fresh ones (peak RSS 18 GB for 9 GB of tensors).
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
  /** When each size was last taken or given back (a counter), for evicting the stalest. */
  private readonly lastUsed = new Map<number, number>();
  private clock = 0;

  constructor(
    /** Arrays smaller than this many elements are not worth pooling. */
    private readonly minLength = 1 << 16,
    private readonly maxPooledBytes = 2 ** 31,
  ) {}

  /** A float32 array of `length` elements; its contents are undefined when reused. */
  take(length: number): Float32Array {
    if (length < this.minLength) return new Float32Array(length);
    this.lastUsed.set(length, ++this.clock);
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
    this.lastUsed.set(array.length, ++this.clock);
    this.evictStalestUntil(this.maxPooledBytes - array.byteLength, array.length);
    if (this.pooledBytes + array.byteLength > this.maxPooledBytes) return;
    const list = this.free.get(array.length) ?? [];
    list.push(array);
    this.free.set(array.length, list);
    this.pooledBytes += array.byteLength;
  }

  /** Drops pooled arrays, sizes least recently used first (never `keep`), until at most `bytes` remain. */
  private evictStalestUntil(bytes: number, keep: number): void {
    if (this.pooledBytes <= bytes) return;
    const sizes = [...this.free.keys()].filter((n) => n !== keep && this.free.get(n)!.length > 0)
      .sort((a, b) => (this.lastUsed.get(a) ?? 0) - (this.lastUsed.get(b) ?? 0));
    for (const n of sizes) {
      const list = this.free.get(n)!;
      while (list.length > 0 && this.pooledBytes > bytes) this.pooledBytes -= list.pop()!.byteLength;
      if (list.length === 0) this.free.delete(n);
      if (this.pooledBytes <= bytes) return;
    }
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }

  get bytes(): number {
    return this.pooledBytes;
  }
}

/**
 * mulberry32 with its state exposed, so a checkpoint can store it and a resumed run draws the
 * same numbers the uninterrupted one would have.
 */
export class TrainRandom {
  constructor(private s: number) {
    this.s = s >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A 32-bit seed for a seeded tfjs op (tf.randomNormal(…, seed)). */
  seed(): number {
    return Math.floor(this.next() * 4294967296);
  }

  get state(): number {
    return this.s;
  }

  set state(value: number) {
    this.s = value >>> 0;
  }
}

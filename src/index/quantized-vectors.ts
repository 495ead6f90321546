/**
 * The raw copy of the vectors, beside hnswlib's own, for exact search over
 * small filtered sets and for reading one record's vector back: one int16
 * array indexed by label, each vector scaled by its largest component.
 *
 * Why int16: hnswlib keeps float32 vectors we cannot read in bulk (getPoint
 * copies one vector into a JS array, ~35 µs), so a second copy is needed, and
 * at float32 it was 390 MiB of the 200k index (docs/benchmarks.md). int16
 * halves it, and its error is far below what ranking can see: a step of
 * max|x|/32767 per component puts a cosine within ~5e-6 of the float32 one (measured, 512 dims),
 * so exact search needs no re-scoring. int8 would save another 98 MiB at 200k
 * but errs by ~5e-4, enough to reorder near ties, and the re-score it needs
 * through getPoint would cost more than the scan it corrects.
 */

const INT16_MAX = 32767;

export class QuantizedVectors {
  private codes: Int16Array;
  /** Per label: the factor that turns codes back into components; 0 where no vector is held. */
  private scales: Float32Array;
  private present: Uint8Array;
  private count = 0;

  constructor(
    readonly dims: number,
    capacity: number,
  ) {
    const n = Math.max(capacity, 1);
    this.codes = new Int16Array(n * dims);
    this.scales = new Float32Array(n);
    this.present = new Uint8Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** One past the highest label that can be held without growing. */
  get capacity(): number {
    return this.present.length;
  }

  has(label: number): boolean {
    return this.present[label] === 1;
  }

  set(label: number, vector: ArrayLike<number>): void {
    if (label >= this.capacity) this.grow(Math.max(label + 1, this.capacity * 2));
    let maxAbs = 0;
    for (let i = 0; i < this.dims; i += 1) maxAbs = Math.max(maxAbs, Math.abs(vector[i]!));
    const scale = maxAbs / INT16_MAX;
    const offset = label * this.dims;
    for (let i = 0; i < this.dims; i += 1) this.codes[offset + i] = scale === 0 ? 0 : Math.round(vector[i]! / scale);
    this.scales[label] = scale;
    if (this.present[label] === 0) {
      this.present[label] = 1;
      this.count += 1;
    }
  }

  delete(label: number): boolean {
    if (!this.has(label)) return false;
    this.present[label] = 0;
    this.scales[label] = 0;
    this.count -= 1;
    return true;
  }

  /** The vector as float32 (within ~1e-5 of what was set). */
  get(label: number): Float32Array | undefined {
    if (!this.has(label)) return undefined;
    const out = new Float32Array(this.dims);
    this.decodeInto(label, out);
    return out;
  }

  decodeInto(label: number, out: Float32Array): void {
    const scale = this.scales[label]!;
    const offset = label * this.dims;
    for (let i = 0; i < this.dims; i += 1) out[i] = this.codes[offset + i]! * scale;
  }

  /** Dot product of a float query with a held vector. */
  dot(query: Float32Array, label: number): number {
    const codes = this.codes;
    const offset = label * this.dims;
    let sum = 0;
    for (let i = 0; i < this.dims; i += 1) sum += query[i]! * codes[offset + i]!;
    return sum * this.scales[label]!;
  }

  /** Labels of the held vectors, ascending. */
  *labels(): IterableIterator<number> {
    for (let label = 0; label < this.present.length; label += 1) if (this.present[label] === 1) yield label;
  }

  private grow(capacity: number): void {
    const codes = new Int16Array(capacity * this.dims);
    codes.set(this.codes);
    this.codes = codes;
    const scales = new Float32Array(capacity);
    scales.set(this.scales);
    this.scales = scales;
    const present = new Uint8Array(capacity);
    present.set(this.present);
    this.present = present;
  }
}

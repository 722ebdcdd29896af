import { deflateSync, inflateSync } from 'node:zlib';
import { refuse } from '../refusal.ts';

export type StatusBits = 1 | 2 | 4 | 8;

/** IETF Token Status List §4: statuses packed `bits` to a byte, least significant first, zlib-compressed. */
export const STATUS = { valid: 0, invalid: 1, suspended: 2 } as const;

export class StatusList {
  private constructor(
    readonly bits: StatusBits,
    readonly bytes: Uint8Array,
  ) {}

  static create(size: number, bits: StatusBits): StatusList {
    return new StatusList(bits, new Uint8Array(Math.ceil((size * bits) / 8)));
  }

  /** From the `status_list` member: `lst` is base64url text in a JWT, a byte string in a CWT. */
  static decode(statusList: { bits: unknown; lst: unknown }): StatusList {
    const bits = statusList.bits;
    if (bits !== 1 && bits !== 2 && bits !== 4 && bits !== 8) return refuse('status_list_invalid', `bits ${String(bits)}`);
    const compressed = typeof statusList.lst === 'string' ? Buffer.from(statusList.lst, 'base64url') : statusList.lst;
    if (!(compressed instanceof Uint8Array)) return refuse('status_list_invalid', 'lst is neither text nor bytes');
    try {
      return new StatusList(bits, new Uint8Array(inflateSync(compressed)));
    } catch {
      return refuse('status_list_invalid', 'lst is not zlib data');
    }
  }

  get size(): number {
    return (this.bytes.length * 8) / this.bits;
  }

  get(index: number): number {
    const [byte, shift] = this.locate(index);
    return (this.bytes[byte]! >> shift) & ((1 << this.bits) - 1);
  }

  set(index: number, status: number): void {
    const mask = (1 << this.bits) - 1;
    if (!Number.isInteger(status) || status < 0 || status > mask) throw new RangeError(`status ${status} does not fit in ${this.bits} bits`);
    const [byte, shift] = this.locate(index);
    this.bytes[byte] = (this.bytes[byte]! & ~(mask << shift)) | (status << shift);
  }

  compressed(): Buffer {
    return deflateSync(this.bytes, { level: 9 });
  }

  toJson(): { bits: StatusBits; lst: string } {
    return { bits: this.bits, lst: this.compressed().toString('base64url') };
  }

  toCbor(): Map<string, unknown> {
    return new Map<string, unknown>([['bits', this.bits], ['lst', this.compressed()]]);
  }

  private locate(index: number): [number, number] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return refuse('status_list_invalid', `index ${index} is outside the list`);
    const perByte = 8 / this.bits;
    return [Math.floor(index / perByte), (index % perByte) * this.bits];
  }
}

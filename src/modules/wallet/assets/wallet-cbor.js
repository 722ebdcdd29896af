/* global TextDecoder, TextEncoder */
// A small CBOR codec (RFC 8949) for mdoc: byte strings stay bytes, maps stay Maps, tags are kept.
export class Tagged {
  constructor(tag, value) { this.tag = tag; this.value = value; }
}

export function decode(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const length = (info) => {
    if (info < 24) return info;
    if (info === 24) return bytes[at++];
    if (info === 25) { const v = view.getUint16(at); at += 2; return v; }
    if (info === 26) { const v = view.getUint32(at); at += 4; return v; }
    if (info === 27) { const v = Number(view.getBigUint64(at)); at += 8; return v; }
    throw new Error('indefinite lengths are not used in mdoc');
  };
  const item = () => {
    const first = bytes[at++];
    const major = first >> 5;
    const info = first & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      if (info === 23) return undefined;
      if (info === 25) { const v = view.getFloat16 ? view.getFloat16(at) : half(view.getUint16(at)); at += 2; return v; }
      if (info === 26) { const v = view.getFloat32(at); at += 4; return v; }
      if (info === 27) { const v = view.getFloat64(at); at += 8; return v; }
      throw new Error('unknown simple value');
    }
    const n = length(info);
    if (major === 0) return n;
    if (major === 1) return -1 - n;
    if (major === 2) { const v = bytes.slice(at, at + n); at += n; return v; }
    if (major === 3) { const v = new TextDecoder().decode(bytes.subarray(at, at + n)); at += n; return v; }
    if (major === 4) return Array.from({ length: n }, item);
    if (major === 5) { const m = new Map(); for (let i = 0; i < n; i++) { const k = item(); m.set(k, item()); } return m; }
    return new Tagged(n, item());
  };
  return item();
}

function half(bits) {
  const exponent = (bits >> 10) & 31;
  const fraction = bits & 1023;
  const sign = bits >> 15 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export function encode(value) {
  const out = [];
  const head = (major, n) => {
    if (n < 24) out.push((major << 5) | n);
    else if (n < 256) out.push((major << 5) | 24, n);
    else if (n < 65536) out.push((major << 5) | 25, n >> 8, n & 255);
    else out.push((major << 5) | 26, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  };
  const write = (v) => {
    if (v === false) out.push(0xf4);
    else if (v === true) out.push(0xf5);
    else if (v === null) out.push(0xf6);
    else if (v === undefined) out.push(0xf7);
    else if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new Error('floats are not written by the wallet');
      if (v >= 0) head(0, v); else head(1, -1 - v);
    } else if (typeof v === 'string') { const b = new TextEncoder().encode(v); head(3, b.length); out.push(...b); }
    else if (v instanceof Uint8Array) { head(2, v.length); for (const b of v) out.push(b); }
    else if (Array.isArray(v)) { head(4, v.length); v.forEach(write); }
    else if (v instanceof Map) { head(5, v.size); for (const [k, x] of v) { write(k); write(x); } }
    else if (v instanceof Tagged) { head(6, v.tag); write(v.value); }
    else { const entries = Object.entries(v); head(5, entries.length); for (const [k, x] of entries) { write(k); write(x); } }
  };
  write(value);
  return Uint8Array.from(out);
}

/**
 * Test helper: writes small synthetic FIT files byte by byte, so the decoder's edge cases
 * (big-endian definitions, compressed timestamps, developer fields, chained files, bad CRCs,
 * truncation) can be tested without third-party fixtures. Not used by production code.
 */
import { fitCrc16 } from '../fit-crc';

export const BT = {
  enum: 0x00,
  sint8: 0x01,
  uint8: 0x02,
  sint16: 0x83,
  uint16: 0x84,
  sint32: 0x85,
  uint32: 0x86,
  string: 0x07,
  float32: 0x88,
  float64: 0x89,
  uint8z: 0x0a,
  uint16z: 0x8b,
  uint32z: 0x8c,
  byte: 0x0d,
} as const;

/** [field number, size in bytes, base type] */
export type FieldDef = [number, number, number];
/** [field number, size in bytes, developer data index] */
export type DevFieldDef = [number, number, number];
export type FieldValue = number | string | null | Uint8Array;

interface LocalDef {
  fields: FieldDef[];
  devFields: DevFieldDef[];
  little: boolean;
}

export interface BuildOptions {
  headerSize?: 12 | 14;
  /** write this data size in the header instead of the real one */
  dataSize?: number;
  /** write a wrong file CRC */
  badCrc?: boolean;
  /** write a wrong header CRC (14-byte headers) */
  badHeaderCrc?: boolean;
  /** leave out the trailing file CRC */
  omitCrc?: boolean;
}

const INVALID: Record<number, number> = {
  0x00: 0xff,
  0x01: 0x7f,
  0x02: 0xff,
  0x83: 0x7fff,
  0x84: 0xffff,
  0x85: 0x7fffffff,
  0x86: 0xffffffff,
  0x0a: 0,
  0x8b: 0,
  0x8c: 0,
  0x0d: 0xff,
};

export class FitFileBuilder {
  private readonly chunks: number[] = [];
  private readonly defs = new Map<number, LocalDef>();

  /** Definition message for `local` → `global`; `bigEndian` writes architecture 1. */
  define(
    local: number,
    global: number,
    fields: FieldDef[],
    opts: { bigEndian?: boolean; devFields?: DevFieldDef[] } = {},
  ): this {
    const devFields = opts.devFields ?? [];
    const little = !opts.bigEndian;
    this.chunks.push(0x40 | (devFields.length > 0 ? 0x20 : 0) | (local & 0x0f), 0, little ? 0 : 1);
    this.chunks.push(...(little ? [global & 0xff, global >> 8] : [global >> 8, global & 0xff]));
    this.chunks.push(fields.length);
    for (const f of fields) this.chunks.push(f[0], f[1], f[2]);
    if (devFields.length > 0) {
      this.chunks.push(devFields.length);
      for (const f of devFields) this.chunks.push(f[0], f[1], f[2]);
    }
    this.defs.set(local, { fields, devFields, little });
    return this;
  }

  /** Data message with a normal header; one value per defined field, then raw developer bytes. */
  data(local: number, values: FieldValue[], devBytes: number[] = []): this {
    this.chunks.push(local & 0x0f);
    this.writeValues(local, values, devBytes);
    return this;
  }

  /** Data message with a compressed-timestamp header (local 0-3, 5-bit time offset). */
  compressed(local: number, timeOffset: number, values: FieldValue[], devBytes: number[] = []): this {
    this.chunks.push(0x80 | ((local & 0x03) << 5) | (timeOffset & 0x1f));
    this.writeValues(local, values, devBytes);
    return this;
  }

  /** Arbitrary bytes in the data section. */
  raw(bytes: number[]): this {
    this.chunks.push(...bytes);
    return this;
  }

  build(opts: BuildOptions = {}): Uint8Array {
    const headerSize = opts.headerSize ?? 14;
    const data = Uint8Array.from(this.chunks);
    const size = opts.dataSize ?? data.length;
    const header = new Uint8Array(headerSize);
    header[0] = headerSize;
    header[1] = 0x20;
    header[2] = 0x08;
    header[3] = 0x08;
    header[4] = size & 0xff;
    header[5] = (size >>> 8) & 0xff;
    header[6] = (size >>> 16) & 0xff;
    header[7] = (size >>> 24) & 0xff;
    header.set([0x2e, 0x46, 0x49, 0x54], 8);
    if (headerSize === 14) {
      const crc = fitCrc16(header, 0, 12) ^ (opts.badHeaderCrc ? 0x5a5a : 0);
      header[12] = crc & 0xff;
      header[13] = crc >> 8;
    }
    const out = new Uint8Array(headerSize + data.length + (opts.omitCrc ? 0 : 2));
    out.set(header, 0);
    out.set(data, headerSize);
    if (!opts.omitCrc) {
      const crc = fitCrc16(out, 0, headerSize + data.length) ^ (opts.badCrc ? 0x1234 : 0);
      out[headerSize + data.length] = crc & 0xff;
      out[headerSize + data.length + 1] = crc >> 8;
    }
    return out;
  }

  private writeValues(local: number, values: FieldValue[], devBytes: number[]): void {
    const def = this.defs.get(local);
    if (!def) throw new Error(`local ${local} not defined in the builder`);
    def.fields.forEach(([, size, baseType], i) =>
      this.chunks.push(...encode(values[i] ?? null, size, baseType, def.little)),
    );
    const devSize = def.devFields.reduce((t, f) => t + f[1], 0);
    if (devBytes.length !== devSize) throw new Error(`expected ${devSize} developer bytes`);
    this.chunks.push(...devBytes);
  }
}

function encode(value: FieldValue, size: number, baseType: number, little: boolean): number[] {
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  if (value instanceof Uint8Array) {
    buf.set(value.subarray(0, size));
    return [...buf];
  }
  if (typeof value === 'string') {
    buf.set(new TextEncoder().encode(value).subarray(0, size));
    return [...buf];
  }
  if (baseType === BT.float32 && size === 4) {
    view.setFloat32(0, value ?? NaN, little);
    if (value === null) view.setUint32(0, 0xffffffff, little);
    return [...buf];
  }
  const v = value ?? INVALID[baseType] ?? 0xff;
  if (size === 1) view.setUint8(0, v & 0xff);
  else if (size === 2) view.setUint16(0, v & 0xffff, little);
  else if (size === 4) view.setUint32(0, v >>> 0, little);
  else buf.fill(v & 0xff);
  return [...buf];
}

/** Semicircles for a latitude/longitude in degrees. */
export const semicircles = (deg: number): number => Math.round((deg * 2 ** 31) / 180);

/** FIT seconds (since 1989-12-31T00:00:00Z) for an ISO date. */
export const fitTime = (iso: string): number => Date.parse(iso) / 1000 - 631_065_600;

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((t, p) => t + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A focused decoder of the FIT protocol (Garmin's Flexible and Interoperable Data Transfer).
 *
 * It walks the bytes once and hands the messages the caller asked for to a sink, without building
 * any intermediate object per message. What it understands:
 * - file header of 12 or more bytes (`.FIT` at offset 8, little-endian data size, optional header CRC);
 * - the file CRC (CRC-16 over header + data), checked but not fatal (a warning);
 * - chained files (several header+data+CRC blocks back to back), local definitions reset per file;
 * - normal record headers (definition / data, 16 local types) and compressed-timestamp headers;
 * - definition messages in either architecture (little/big endian), with developer fields whose bytes
 *   are skipped (their sizes are in the definition, no need for field descriptions);
 * - base types with their invalid values (returned as `null`).
 *
 * Never throws anything but {@link ActivityFileError}, and only for a first header that is not FIT.
 * Damage in the middle (a data message for an undefined local type, a bad architecture byte) is
 * stepped over: decoding resumes at the next offset where several messages in a row decode
 * plausibly, and the skipped stretch is reported in `skipped`. Damage with no such offset after it,
 * and truncation, stop decoding and are reported in `stoppedEarly`: what was decoded before has
 * already reached the sink. Work is linear in the input size (every step consumes bytes).
 */
import { PARSE_STEP_EVERY, type ParseSteps, runToEnd } from '../parse-steps';
import { ActivityFileError } from '../parsed-activity';
import { fitCrc16 } from './fit-crc';

/** Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z). */
export const FIT_EPOCH_OFFSET_SECONDS = 631_065_600;

export interface FitFileHeader {
  /** byte offset of this header in the input (non-zero for chained files) */
  offset: number;
  headerSize: number;
  protocolVersion: number;
  profileVersion: number;
  dataSize: number;
}

/** A decoded data message; valid only during the `onMessage` call (the object is reused). */
export interface FitMessage {
  readonly globalNum: number;
  /** index of the chained file this message belongs to (0 for the first) */
  readonly fileIndex: number;
  /** FIT seconds since the FIT epoch: field 253, or resolved from a compressed-timestamp header */
  readonly timestamp: number | null;
  /** numeric value of a field as stored (no scale/offset applied); null if absent or invalid */
  num(fieldNum: number): number | null;
  /** string field (UTF-8, up to the first NUL, trimmed); null if absent or empty */
  str(fieldNum: number): string | null;
}

export interface FitMessageSink {
  /** `wanted[globalNum]` true for the messages to decode; all others are skipped by size only */
  readonly wanted: ArrayLike<boolean>;
  onFileStart?(fileIndex: number, header: FitFileHeader): void;
  onMessage(message: FitMessage): void;
}

export interface FitDecodeResult {
  /** number of chained FIT files found (headers) */
  files: number;
  /** data messages seen (all global numbers) */
  messages: number;
  warnings: string[];
  /** set when decoding stopped before the end because the data is damaged or cut */
  stoppedEarly: { reason: string; offset: number } | null;
  /**
   * Damaged stretches decoding stepped over (a header for an undefined local type, a definition
   * with an invalid architecture byte): it resumed at the next point where several messages in a
   * row decode plausibly, as the official SDK's readers do. Empty when the data was read whole.
   */
  skipped: Array<{ offset: number; bytes: number; reason: string }>;
}

const SIGNATURE = [0x2e, 0x46, 0x49, 0x54]; // ".FIT"
/** Messages in a row that must decode plausibly where decoding resumes after damage. */
const RESYNC_CHAIN = 8;

/** Byte size of each FIT base type, indexed by base type number (low 5 bits). */
const BASE_TYPE_SIZE = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** True when `bytes` holds a FIT file header at `offset` (size byte ≥ 12 and `.FIT` at +8). */
export function hasFitSignature(bytes: Uint8Array, offset = 0): boolean {
  if (bytes.length - offset < 12 || bytes[offset] < 12) return false;
  return (
    bytes[offset + 8] === SIGNATURE[0] &&
    bytes[offset + 9] === SIGNATURE[1] &&
    bytes[offset + 10] === SIGNATURE[2] &&
    bytes[offset + 11] === SIGNATURE[3]
  );
}

/** Reads a FIT file header at `offset`; null when there is none. */
export function readFitHeader(bytes: Uint8Array, offset = 0): FitFileHeader | null {
  if (!hasFitSignature(bytes, offset)) return null;
  const headerSize = bytes[offset];
  if (offset + headerSize > bytes.length) return null;
  return {
    offset,
    headerSize,
    protocolVersion: bytes[offset + 1],
    profileVersion: bytes[offset + 2] | (bytes[offset + 3] << 8),
    dataSize:
      (bytes[offset + 4] |
        (bytes[offset + 5] << 8) |
        (bytes[offset + 6] << 16) |
        (bytes[offset + 7] << 24)) >>>
      0,
  };
}

interface Definition {
  globalNum: number;
  little: boolean;
  /** bytes of the data message after its header, developer fields included */
  size: number;
  /** offset of field 253 (timestamp) when it is a 4-byte field, else -1 */
  tsOffset: number;
  /**
   * Per field number (0-255), packed `(offset + 1) | size << 16 | baseType << 24` (0 = absent); only
   * for wanted messages. It is the lookup table of the definition's local type, shared by every
   * definition of that local type and rewritten in place on redefinition (a data message always uses
   * the current definition), so a stream of definitions costs no allocation beyond this small object.
   */
  lookup: Uint32Array | null;
  /** where this definition's field list lives in the input, to clear its lookup entries later */
  fieldsAt: number;
  nFields: number;
}

class MessageReader implements FitMessage {
  globalNum = 0;
  fileIndex = 0;
  timestamp: number | null = null;
  private def: Definition | null = null;
  private pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
  ) {}

  set(def: Definition, pos: number, fileIndex: number, timestamp: number | null): void {
    this.def = def;
    this.pos = pos;
    this.globalNum = def.globalNum;
    this.fileIndex = fileIndex;
    this.timestamp = timestamp;
  }

  num(fieldNum: number): number | null {
    const def = this.def;
    if (def === null || def.lookup === null || fieldNum < 0 || fieldNum > 255) return null;
    const packed = def.lookup[fieldNum];
    if (packed === 0) return null;
    const p = this.pos + (packed & 0xffff) - 1;
    const size = (packed >>> 16) & 0xff;
    const baseType = (packed >>> 24) & 0x1f;
    const le = def.little;
    const v = this.view;
    const natural = baseType < BASE_TYPE_SIZE.length ? BASE_TYPE_SIZE[baseType] : 1;
    // Arrays (size a multiple of the base type): the first element. Odd sizes: read as unsigned bytes.
    const n = size >= natural && size % natural === 0 ? natural : size;
    switch (n === natural ? baseType : -1) {
      case 0x01: {
        const x = v.getInt8(p);
        return x === 0x7f ? null : x;
      }
      case 0x03: {
        const x = v.getInt16(p, le);
        return x === 0x7fff ? null : x;
      }
      case 0x05: {
        const x = v.getInt32(p, le);
        return x === 0x7fffffff ? null : x;
      }
      case 0x08: {
        const x = v.getFloat32(p, le);
        return Number.isFinite(x) ? x : null;
      }
      case 0x09: {
        const x = v.getFloat64(p, le);
        return Number.isFinite(x) ? x : null;
      }
      case 0x0a:
        return v.getUint8(p) || null;
      case 0x0b:
        return v.getUint16(p, le) || null;
      case 0x0c:
        return v.getUint32(p, le) || null;
      case 0x07:
      case 0x0e:
      case 0x0f:
      case 0x10:
        return null; // strings and 64-bit integers are not numbers we use
      default: {
        if (n === 1) {
          const x = v.getUint8(p);
          return x === 0xff ? null : x;
        }
        if (n === 2) {
          const x = v.getUint16(p, le);
          return x === 0xffff ? null : x;
        }
        if (n === 4) {
          const x = v.getUint32(p, le);
          return x === 0xffffffff ? null : x;
        }
        return null;
      }
    }
  }

  str(fieldNum: number): string | null {
    const def = this.def;
    if (def === null || def.lookup === null || fieldNum < 0 || fieldNum > 255) return null;
    const packed = def.lookup[fieldNum];
    if (packed === 0) return null;
    const start = this.pos + (packed & 0xffff) - 1;
    const end = start + ((packed >>> 16) & 0xff);
    let stop = start;
    while (stop < end && this.bytes[stop] !== 0) stop++;
    if (stop === start) return null;
    const s = utf8.decode(this.bytes.subarray(start, stop)).trim();
    return s === '' ? null : s;
  }
}

class StopDecoding {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

/**
 * Decodes every chained FIT file in `bytes`, calling `sink.onMessage` for wanted data messages.
 * @throws ActivityFileError MALFORMED when the input does not start with a FIT header
 */
export function decodeFit(bytes: Uint8Array, sink: FitMessageSink): FitDecodeResult {
  return runToEnd(decodeFitSteps(bytes, sink));
}

/** decodeFit in steps (see ParseSteps): yields the fraction of the bytes read every PARSE_STEP_EVERY messages. */
export function* decodeFitSteps(bytes: Uint8Array, sink: FitMessageSink): ParseSteps<FitDecodeResult> {
  const warnings: string[] = [];
  const first = readFitHeader(bytes, 0);
  if (first === null) {
    throw new ActivityFileError(
      bytes.length < 12
        ? 'The file is too short to be a FIT file'
        : 'Not a FIT file: the FIT file header is missing or damaged',
      'MALFORMED',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = new MessageReader(bytes, view);
  const result: FitDecodeResult = { files: 0, messages: 0, warnings, stoppedEarly: null, skipped: [] };

  let offset = 0;
  while (offset < bytes.length) {
    const header = readFitHeader(bytes, offset);
    if (header === null) {
      const rest = bytes.length - offset;
      warnings.push(`${rest} trailing byte${rest === 1 ? '' : 's'} after the FIT data ignored`);
      break;
    }
    const fileIndex = result.files++;
    const label = fileIndex === 0 ? 'FIT file' : `chained FIT file #${fileIndex + 1}`;
    if (header.headerSize >= 14) {
      const stored = bytes[offset + 12] | (bytes[offset + 13] << 8);
      if (stored !== 0 && stored !== fitCrc16(bytes, offset, offset + 12)) {
        warnings.push(`${label}: header CRC mismatch (header may be damaged)`);
      }
    }
    const dataStart = offset + header.headerSize;
    let dataEnd = dataStart + header.dataSize;
    let cut: StopDecoding | null = null;
    if (header.dataSize === 0) {
      // A file never finalised by its writer: decode to the end and hope for the best.
      dataEnd = bytes.length;
      warnings.push(
        `${label}: header declares no data size (file not finalised); decoded to the end of the file`,
      );
    } else if (dataEnd > bytes.length) {
      cut = new StopDecoding(
        `${label} is truncated: header declares ${header.dataSize} data bytes, only ${bytes.length - dataStart} present`,
        bytes.length,
      );
      dataEnd = bytes.length;
    } else if (dataEnd + 2 > bytes.length) {
      warnings.push(`${label}: file CRC missing`);
    } else {
      const stored = bytes[dataEnd] | (bytes[dataEnd + 1] << 8);
      if (stored !== fitCrc16(bytes, offset, dataEnd)) {
        warnings.push(`${label}: file CRC mismatch (data may be corrupt; decoded best effort)`);
      }
    }

    sink.onFileStart?.(fileIndex, header);
    let stop = yield* decodeData(bytes, view, dataStart, dataEnd, fileIndex, sink, reader, result, warnings);
    // Without a data size, the file CRC (2 bytes) is read as data at the very end: not damage.
    if (header.dataSize === 0 && stop !== null && stop.offset >= bytes.length - 2) stop = null;
    if (stop !== null || cut !== null) {
      result.stoppedEarly = cut ?? stop;
      break;
    }
    if (header.dataSize === 0) break;
    offset = dataEnd + 2;
  }
  return result;
}

function* decodeData(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  fileIndex: number,
  sink: FitMessageSink,
  reader: MessageReader,
  result: FitDecodeResult,
  warnings: string[],
): ParseSteps<StopDecoding | null> {
  const defs: (Definition | null)[] = new Array<Definition | null>(16).fill(null);
  const lookups: (Uint32Array | null)[] = new Array<Uint32Array | null>(16).fill(null);
  const wanted = sink.wanted;
  let lastTimestamp: number | null = null;
  let warnedCompressedWithoutBase = false;
  let p = start;
  let sinceStep = 0;

  /**
   * Whether `depth` messages in a row decode plausibly from `q`: definitions with reserved byte 0,
   * a valid architecture and valid base types; data messages of a defined local type that fit,
   * with a timestamp (when they carry one) between a minute before and a day after the last one.
   */
  const plausibleAt = (q: number, depth: number): boolean => {
    if (q === end) return true;
    if (q > end) return false;
    const h = bytes[q];
    if ((h & 0x80) !== 0) return false;
    let next: number;
    if ((h & 0x40) !== 0) {
      if ((h & 0x10) !== 0 || q + 6 > end || bytes[q + 1] !== 0 || bytes[q + 2] > 1) return false;
      const n = bytes[q + 5];
      let r = q + 6;
      if (n === 0 || r + n * 3 > end) return false;
      for (let i = 0; i < n; i++, r += 3) {
        const fsize = bytes[r + 1];
        const baseType = bytes[r + 2];
        const base = baseType & 0x1f;
        if (fsize === 0 || base > 16 || (baseType & 0x60) !== 0 || fsize % BASE_TYPE_SIZE[base] !== 0)
          return false;
      }
      if ((h & 0x20) !== 0) {
        if (r + 1 > end) return false;
        const nDev = bytes[r++];
        if (r + nDev * 3 > end) return false;
        r += nDev * 3;
      }
      next = r;
    } else {
      if ((h & 0x30) !== 0) return false;
      const def = defs[h & 0x0f];
      if (def === null || def.size === 0) return false;
      next = q + 1 + def.size;
      if (next > end) return false;
      if (def.tsOffset >= 0 && lastTimestamp !== null) {
        const ts = view.getUint32(q + 1 + def.tsOffset, def.little);
        if (ts !== 0xffffffff && (ts < lastTimestamp - 60 || ts > lastTimestamp + 86_400)) return false;
      }
    }
    return depth <= 1 || plausibleAt(next, depth - 1);
  };
  /** Steps over damage at `p`: the next offset where decoding can go on, or null (stop). */
  const resync = (at: number, reason: string): number | null => {
    for (let q = at + 1; q < end; q++) {
      if (plausibleAt(q, RESYNC_CHAIN)) {
        result.skipped.push({ offset: at, bytes: q - at, reason });
        warnings.push(`${reason}: skipped ${q - at} damaged byte${q - at === 1 ? '' : 's'} and went on`);
        return q;
      }
    }
    return null;
  };

  while (p < end) {
    if (++sinceStep === PARSE_STEP_EVERY) {
      sinceStep = 0;
      yield p / bytes.length;
    }
    const h = bytes[p];
    if ((h & 0x80) !== 0) {
      // Compressed timestamp header: local type in bits 5-6, 5-bit time offset.
      const local = (h >> 5) & 0x03;
      const def = defs[local];
      if (def === null) {
        const reason = `data message at byte ${p} uses undefined local message type ${local}`;
        const q = resync(p, reason);
        if (q === null) return new StopDecoding(reason, p);
        p = q;
        continue;
      }
      if (p + 1 + def.size > end) return truncatedAt(p, end, bytes.length);
      let ts: number | null = null;
      if (lastTimestamp !== null) {
        const offset5 = h & 0x1f;
        const base: number = lastTimestamp - (lastTimestamp & 0x1f);
        ts = base + offset5 + (offset5 < (lastTimestamp & 0x1f) ? 0x20 : 0);
        lastTimestamp = ts;
      } else if (!warnedCompressedWithoutBase) {
        warnedCompressedWithoutBase = true;
        warnings.push('compressed timestamp before any full timestamp; time left empty');
      }
      result.messages++;
      if (wanted[def.globalNum] === true) {
        reader.set(def, p + 1, fileIndex, ts);
        sink.onMessage(reader);
      }
      p += 1 + def.size;
    } else if ((h & 0x40) !== 0) {
      // Definition message.
      const local = h & 0x0f;
      const hasDev = (h & 0x20) !== 0;
      if (p + 6 > end) return truncatedAt(p, end, bytes.length);
      const arch = bytes[p + 2];
      if (arch > 1) {
        const reason = `definition at byte ${p} has an invalid architecture byte ${arch}`;
        const q = resync(p, reason);
        if (q === null) return new StopDecoding(reason, p);
        p = q;
        continue;
      }
      const little = arch === 0;
      const globalNum = little ? bytes[p + 3] | (bytes[p + 4] << 8) : (bytes[p + 3] << 8) | bytes[p + 4];
      const nFields = bytes[p + 5];
      let q = p + 6;
      if (q + nFields * 3 > end) return truncatedAt(p, end, bytes.length);
      const want = wanted[globalNum] === true;
      // Forget the fields of the definition this one replaces.
      const previous = defs[local];
      if (previous !== null && previous.lookup !== null) {
        for (let i = 0, f = previous.fieldsAt; i < previous.nFields; i++, f += 3)
          previous.lookup[bytes[f]] = 0;
      }
      let lookup: Uint32Array | null = null;
      if (want) lookup = lookups[local] ??= new Uint32Array(256);
      const def: Definition = { globalNum, little, size: 0, tsOffset: -1, lookup, fieldsAt: q, nFields };
      let size = 0;
      for (let i = 0; i < nFields; i++, q += 3) {
        const num = bytes[q];
        const fsize = bytes[q + 1];
        if (num === 253 && fsize === 4) def.tsOffset = size;
        if (lookup !== null && fsize > 0)
          lookup[num] = ((size + 1) | (fsize << 16) | (bytes[q + 2] << 24)) >>> 0;
        size += fsize;
      }
      if (hasDev) {
        if (q + 1 > end) return truncatedAt(p, end, bytes.length);
        const nDev = bytes[q++];
        if (q + nDev * 3 > end) return truncatedAt(p, end, bytes.length);
        for (let i = 0; i < nDev; i++, q += 3) size += bytes[q + 1];
      }
      def.size = size;
      defs[local] = def;
      p = q;
    } else {
      // Normal data message.
      const local = h & 0x0f;
      const def = defs[local];
      if (def === null) {
        const reason = `data message at byte ${p} uses undefined local message type ${local}`;
        const q = resync(p, reason);
        if (q === null) return new StopDecoding(reason, p);
        p = q;
        continue;
      }
      if (p + 1 + def.size > end) return truncatedAt(p, end, bytes.length);
      let ts: number | null = null;
      if (def.tsOffset >= 0) {
        const raw = view.getUint32(p + 1 + def.tsOffset, def.little);
        if (raw !== 0xffffffff) {
          ts = raw;
          lastTimestamp = raw;
        }
      }
      result.messages++;
      if (wanted[def.globalNum] === true) {
        reader.set(def, p + 1, fileIndex, ts);
        sink.onMessage(reader);
      }
      p += 1 + def.size;
    }
  }
  return null;
}

function truncatedAt(p: number, end: number, total: number): StopDecoding {
  return end === total
    ? new StopDecoding(`file is truncated: last message at byte ${p} is cut off`, p)
    : new StopDecoding(`message at byte ${p} runs past the end of its FIT data`, p);
}

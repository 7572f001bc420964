import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** One recorded sample of a run as kept for replays and exports. */
export interface TrackSample {
  lat: number;
  lng: number;
  /** metres above sea level, 0.1 m resolution; null when not recorded */
  ele: number | null;
  /** epoch milliseconds; null when not recorded */
  time: number | null;
  /** beats per minute (1–255); null when not recorded */
  hr: number | null;
}

const MAGIC = 0x5254; // "RT"
const VERSION = 1;
const HEADER_BYTES = 2 + 1 + 4 + 8;
const NULL_INT = -0x80000000;

/**
 * A run's recorded track in a compact binary form: columns (lat, lng as 1e-7°, elevation as
 * decimetres, time as millisecond steps, heart rate as a byte), coordinates and times
 * delta-encoded, the whole deflated — typically 4–6 bytes per sample instead of ~80 as JSON.
 * Lossless at the resolution GPS and watches record (1 cm, 0.1 m, 1 ms, 1 bpm).
 */
export function encodeTrack(samples: readonly TrackSample[]): Buffer {
  const n = samples.length;
  const lat = new Int32Array(n);
  const lng = new Int32Array(n);
  const ele = new Int32Array(n);
  const dt = new Int32Array(n);
  const hr = new Uint8Array(n);
  let baseTime = NaN;
  let prevLat = 0;
  let prevLng = 0;
  let prevTime = 0;
  for (let i = 0; i < n; i++) {
    const s = samples[i];
    const la = Math.round(s.lat * 1e7);
    const lo = Math.round(s.lng * 1e7);
    // Modular (32-bit) deltas: a jump across the globe wraps, and decoding wraps it back exactly.
    lat[i] = (la - prevLat) | 0;
    lng[i] = (lo - prevLng) | 0;
    prevLat = la;
    prevLng = lo;
    ele[i] = s.ele === null || !Number.isFinite(s.ele) ? NULL_INT : Math.round(s.ele * 10);
    if (s.time === null || !Number.isFinite(s.time)) {
      dt[i] = NULL_INT;
    } else {
      const t = Math.round(s.time);
      if (Number.isNaN(baseTime)) {
        baseTime = t;
        prevTime = t;
      }
      // Steps beyond ±24 days cannot be stored; such a sample is kept without its time.
      const step = t - prevTime;
      if (step > 0x7fffffff || step <= NULL_INT) dt[i] = NULL_INT;
      else {
        dt[i] = step;
        prevTime = t;
      }
    }
    hr[i] = s.hr !== null && Number.isFinite(s.hr) && s.hr >= 1 && s.hr <= 255 ? Math.round(s.hr) : 0;
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(MAGIC, 0);
  header.writeUInt8(VERSION, 2);
  header.writeUInt32BE(n, 3);
  header.writeDoubleBE(Number.isNaN(baseTime) ? 0 : baseTime, 7);
  const body = Buffer.concat([
    header,
    Buffer.from(lat.buffer),
    Buffer.from(lng.buffer),
    Buffer.from(ele.buffer),
    Buffer.from(dt.buffer),
    Buffer.from(hr.buffer),
  ]);
  return deflateRawSync(body, { level: 6 });
}

/** The samples of an `encodeTrack` buffer; throws on anything else. */
export function decodeTrack(data: Buffer): TrackSample[] {
  const body = inflateRawSync(data);
  if (body.length < HEADER_BYTES || body.readUInt16BE(0) !== MAGIC || body.readUInt8(2) !== VERSION) {
    throw new Error('not an encoded track');
  }
  const n = body.readUInt32BE(3);
  if (body.length !== HEADER_BYTES + n * 17) throw new Error('truncated encoded track');
  const baseTime = body.readDoubleBE(7);
  // Copy each column out: the inflated buffer's offset is not necessarily 4-byte aligned.
  const column = (index: number) => {
    const start = HEADER_BYTES + index * n * 4;
    return new Int32Array(new Uint8Array(body.subarray(start, start + n * 4)).buffer);
  };
  const lat = column(0);
  const lng = column(1);
  const ele = column(2);
  const dt = column(3);
  const hr = body.subarray(HEADER_BYTES + 16 * n, HEADER_BYTES + 17 * n);
  const samples: TrackSample[] = new Array(n);
  let la = 0;
  let lo = 0;
  let time = baseTime;
  for (let i = 0; i < n; i++) {
    la = (la + lat[i]) | 0;
    lo = (lo + lng[i]) | 0;
    let sampleTime: number | null = null;
    if (dt[i] !== NULL_INT) {
      time += dt[i];
      sampleTime = time;
    }
    samples[i] = {
      lat: la / 1e7,
      lng: lo / 1e7,
      ele: ele[i] === NULL_INT ? null : ele[i] / 10,
      time: sampleTime,
      hr: hr[i] === 0 ? null : hr[i],
    };
  }
  return samples;
}

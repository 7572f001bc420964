/** Value parsing shared by the GPX and TCX parsers: numbers, ISO 8601 times, labels. */

/** A decimal number, NaN when missing, blank or not a number (note: `Number('')` would give 0). */
export function parseNumber(raw: string | null): number {
  if (raw === null) return NaN;
  const n = Number(raw);
  if (n === 0 && raw.trim() === '') return NaN;
  return n;
}

/** A sensor value kept only when within [0, max] (so not NaN); else null. */
export function sensor(n: number, max: number): number | null {
  return n >= 0 && n <= max ? n : null;
}

/** A finite number, else null. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** 1980-01-06T00:00:00Z: no GPS receiver can produce an earlier time. */
export const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const d = s.charCodeAt(at + i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses xsd:dateTime-style ISO 8601 times (`2018-05-13T14:11:03Z`, `…T15:43:13.994+01:00`,
 * `…T12:00:04` without zone, `…T12:00:04+0100`, a space instead of `T`) into epoch milliseconds.
 * Fractional seconds of any length are rounded to the millisecond. A time without zone is read as
 * UTC (GPX and TCX both specify UTC) and counted in `naive`. A valid time before the GPS epoch
 * (1980-01-06) is a placeholder written by a device without a fix: counted in `implausible`, NaN.
 * Anything else (date only, minutes only, out-of-range fields, 31 February…) counts as invalid and
 * gives NaN. Blank or missing → NaN, not counted.
 */
export class IsoTimeReader {
  naive = 0;
  invalid = 0;
  firstInvalid: string | null = null;
  /** Valid syntax but before the GPS epoch: a device placeholder (e.g. 1901-12-13, -2^31 s). */
  implausible = 0;
  private readonly flags = { naive: false };

  parse(raw: string | null): number {
    return raw === null ? NaN : this.parseIn(raw, 0, raw.length);
  }

  /** The time written in s[start, end) (surrounding whitespace allowed). */
  parseIn(s: string, start: number, end: number): number {
    while (start < end && isBlankChar(s.charCodeAt(start))) start++;
    while (end > start && isBlankChar(s.charCodeAt(end - 1))) end--;
    if (start === end) return NaN;
    const t = parseIsoTimeAt(s, start, end, this.flags);
    if (Number.isNaN(t)) {
      this.invalid++;
      if (this.firstInvalid === null) this.firstInvalid = detach(s.slice(start, Math.min(end, start + 40)));
    } else if (t < GPS_EPOCH_MS) {
      this.implausible++;
      return NaN;
    } else if (this.flags.naive) {
      this.naive++;
    }
    return t;
  }

  /** One warning per kind of time problem met, `noun` naming what carries the time ("point"). */
  warnings(noun: string): string[] {
    const out: string[] = [];
    if (this.invalid > 0) {
      out.push(
        this.invalid === 1
          ? `1 ${noun} has an unreadable time ("${this.firstInvalid}"); its time was left empty.`
          : `${this.invalid} ${noun}s have an unreadable time (e.g. "${this.firstInvalid}"); their times were left empty.`,
      );
    }
    if (this.implausible > 0) {
      out.push(
        `${this.implausible} ${noun}${this.implausible === 1 ? ' has a time' : 's have times'} before 1980 ` +
          '(a device placeholder, not a real time); left empty.',
      );
    }
    if (this.naive > 0) {
      out.push(
        this.naive === 1
          ? '1 time has no time zone; it was read as UTC.'
          : `${this.naive} times have no time zone; they were read as UTC.`,
      );
    }
    return out;
  }
}

function isBlankChar(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** ISO 8601 date-time (see IsoTimeReader) → epoch ms, or NaN. */
export function parseIsoTime(s: string): number {
  return parseIsoTimeAt(s, 0, s.length, { naive: false });
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseIsoTimeAt(s: string, at: number, n: number, flags: { naive: boolean }): number {
  flags.naive = false;
  if (n - at < 19) return NaN;
  const year = digits(s, at, 4);
  const month = digits(s, at + 5, 2);
  const day = digits(s, at + 8, 2);
  const hour = digits(s, at + 11, 2);
  const minute = digits(s, at + 14, 2);
  const second = digits(s, at + 17, 2);
  const sep = s.charCodeAt(at + 10);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    s.charCodeAt(at + 4) !== 0x2d ||
    s.charCodeAt(at + 7) !== 0x2d ||
    (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) ||
    s.charCodeAt(at + 13) !== 0x3a ||
    s.charCodeAt(at + 16) !== 0x3a
  ) {
    return NaN;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > maxDay || hour > 23 || minute > 59 || second > 60) return NaN;

  let i = at + 19;
  let ms = 0;
  if (i < n && (s.charCodeAt(i) === 0x2e || s.charCodeAt(i) === 0x2c)) {
    i++;
    const fracStart = i;
    let frac = 0;
    let scale = 1;
    while (i < n) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (scale < 1e9) {
        frac = frac * 10 + d;
        scale *= 10;
      }
      i++;
    }
    if (i === fracStart) return NaN;
    ms = Math.round((frac * 1000) / scale);
  }

  let offsetMinutes = 0;
  if (i === n) {
    flags.naive = true;
  } else {
    const z = s.charCodeAt(i);
    if ((z === 0x5a || z === 0x7a) && i + 1 === n) {
      // Z
    } else if (z === 0x2b || z === 0x2d) {
      const rest = n - i - 1;
      const oh = digits(s, i + 1, 2);
      let om = 0;
      if (rest === 5 && s.charCodeAt(i + 3) === 0x3a) om = digits(s, i + 4, 2);
      else if (rest === 4) om = digits(s, i + 3, 2);
      else if (rest !== 2) return NaN;
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
      offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
    } else {
      return NaN;
    }
  }
  const days = daysFromCivil(year, month, day);
  return (((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
}

/**
 * A label for the result (name, creator, sport label): whitespace collapsed, at most `max`
 * characters, null when blank. The result is a fresh string, so it does not keep the whole decoded
 * file alive through a V8 sliced string.
 */
export function cleanLabel(raw: string | null, max = 200): string | null {
  if (raw === null) return null;
  const short = raw.length > max * 4 ? raw.slice(0, max * 4) : raw;
  const collapsed = short.replace(/\s+/g, ' ').trim();
  if (collapsed === '') return null;
  return detach(collapsed.length > max ? collapsed.slice(0, max) : collapsed);
}

/**
 * A copy of `s` that shares no memory with the (possibly huge) string it was sliced from: V8 keeps
 * the whole decoded file alive behind any "sliced string" of 13+ characters that ends up in the
 * result. Only used on the few short strings of a result (labels, warnings).
 */
export function detach(s: string): string {
  return Array.from(s).join('');
}

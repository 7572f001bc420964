/**
 * The one entry point of the import pipeline: bytes of an uploaded file → parsed activity.
 * Gunzips (bounded), detects the type by content, and hands the bytes to the matching parser.
 */
import { constants as bufferConstants } from 'node:buffer';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { describeUnsupportedContent, detectActivityFileType } from './detect-file-type';
import { fitParseSteps, parseFit } from './fit';
import { gpxParseSteps, parseGpx } from './gpx';
import type { ParseSteps } from './parse-steps';
import { parseTcx, tcxParseSteps } from './tcx';
import { ActivityFileError, type ActivityFileType, type ParsedActivity } from './parsed-activity';

export interface ParseActivityFileOptions {
  /** gzip output above this many bytes → TOO_LARGE (default 100 MB) */
  maxDecompressedBytes?: number;
  /** more GPS points than this → TOO_LARGE (passed to the parser) */
  maxPoints?: number;
}

export interface ParsedActivityFile {
  type: ActivityFileType;
  /** true when the upload was gzip-compressed */
  compressed: boolean;
  activity: ParsedActivity;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;

/** Shape shared by parseFit, parseGpx and parseTcx. */
export type ActivityParser = (input: Buffer | Uint8Array, options?: { maxPoints?: number }) => ParsedActivity;
export type ActivityParsers = Readonly<Record<ActivityFileType, ActivityParser>>;

/** The parser per detected type. */
const PARSERS: ActivityParsers = {
  fit: parseFit,
  gpx: parseGpx,
  tcx: parseTcx,
};

/** The same parsers, run in steps (see ParseSteps). */
const PARSE_STEPS: Readonly<
  Record<ActivityFileType, (input: Uint8Array, options: { maxPoints?: number }) => ParseSteps>
> = {
  fit: fitParseSteps,
  gpx: gpxParseSteps,
  tcx: tcxParseSteps,
};

interface PreparedFile {
  type: ActivityFileType;
  data: Uint8Array;
  compressed: boolean;
  /** about the gzip layer (a truncated stream), added to the parser's warnings */
  warning: string | null;
}

/** Gunzips (bounded) when needed and detects the type by content. */
function prepare(bytes: Buffer | Uint8Array, options: ParseActivityFileOptions): PreparedFile {
  if (bytes.length === 0) throw new ActivityFileError('The file is empty', 'EMPTY_FILE');
  const maxDecompressed = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  let data: Uint8Array = bytes;
  let compressed = false;
  let warning: string | null = null;
  let detected = detectActivityFileType(data);

  if (detected === 'gzip') {
    compressed = true;
    ({ data, warning } = gunzip(data, maxDecompressed));
    if (data.length === 0) throw new ActivityFileError('The compressed file is empty', 'EMPTY_FILE');
    detected = detectActivityFileType(data);
    if (detected === 'gzip') {
      throw new ActivityFileError(
        'The file is compressed twice (gzip inside gzip); upload it compressed once',
        'UNSUPPORTED_TYPE',
      );
    }
  }
  if (detected === null) {
    const reason = describeUnsupportedContent(data);
    throw new ActivityFileError(compressed ? `Inside the gzip file: ${reason}` : reason, 'UNSUPPORTED_TYPE');
  }
  return { type: detected, data, compressed, warning };
}

function parserOptions(options: ParseActivityFileOptions): { maxPoints?: number } {
  return options.maxPoints === undefined ? {} : { maxPoints: options.maxPoints };
}

function result(file: PreparedFile, activity: ParsedActivity): ParsedActivityFile {
  return {
    type: file.type,
    compressed: file.compressed,
    activity:
      file.warning === null ? activity : { ...activity, warnings: [...activity.warnings, file.warning] },
  };
}

/** Builds a dispatcher over the given parsers (tests inject fakes; production uses {@link PARSERS}). */
export function createActivityFileParser(parsers: ActivityParsers) {
  return function parse(
    bytes: Buffer | Uint8Array,
    options: ParseActivityFileOptions = {},
  ): ParsedActivityFile {
    const file = prepare(bytes, options);
    return result(file, parsers[file.type](file.data, parserOptions(options)));
  };
}

/**
 * Parses an uploaded activity file (FIT, GPX or TCX, optionally gzip-compressed), by content.
 * @throws ActivityFileError EMPTY_FILE, UNSUPPORTED_TYPE, MALFORMED, TOO_LARGE, NOT_AN_ACTIVITY, UNSAFE_XML
 */
export const parseActivityFile: (
  bytes: Buffer | Uint8Array,
  options?: ParseActivityFileOptions,
) => ParsedActivityFile = createActivityFileParser(PARSERS);

/**
 * parseActivityFile without blocking the process: the parser runs in steps, control goes back to
 * the event loop between them (timers, I/O, lock renewals keep running), and `onProgress` hears
 * the fraction of the file parsed (0–1) after each step. Same result and errors.
 */
export async function parseActivityFileAsync(
  bytes: Buffer | Uint8Array,
  options: ParseActivityFileOptions & { onProgress?: (fraction: number) => void | Promise<void> } = {},
): Promise<ParsedActivityFile> {
  const file = prepare(bytes, options);
  const steps = PARSE_STEPS[file.type](file.data, parserOptions(options));
  for (;;) {
    const step = steps.next();
    if (step.done) return result(file, step.value);
    await options.onProgress?.(Math.min(1, Math.max(0, step.value)));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Gunzips with a hard cap on the output (zlib stops as soon as it is exceeded, so a gzip bomb costs
 * at most `max` bytes). A truncated stream is salvaged up to the cut, with a warning.
 */
function gunzip(bytes: Uint8Array, max: number): { data: Uint8Array; warning: string | null } {
  const maxOutputLength = Math.max(1, Math.min(max, bufferConstants.MAX_LENGTH));
  try {
    return { data: gunzipSync(bytes, { maxOutputLength }), warning: null };
  } catch (e) {
    rethrowIfTooLarge(e, max);
    if (errorCode(e) !== 'Z_BUF_ERROR') {
      throw new ActivityFileError('The gzip data is corrupt and could not be decompressed', 'MALFORMED');
    }
  }
  // Truncated gzip stream: keep what decompresses.
  let data: Uint8Array;
  try {
    data = gunzipSync(bytes, { maxOutputLength, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (e) {
    rethrowIfTooLarge(e, max);
    throw new ActivityFileError('The gzip data is corrupt and could not be decompressed', 'MALFORMED');
  }
  if (data.length === 0)
    throw new ActivityFileError('The gzip data is truncated before any content', 'MALFORMED');
  return { data, warning: 'the gzip file is truncated; parsed the part that could be decompressed' };
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

function rethrowIfTooLarge(e: unknown, max: number): void {
  if (errorCode(e) === 'ERR_BUFFER_TOO_LARGE') {
    throw new ActivityFileError(`The file is larger than ${formatBytes(max)} once decompressed`, 'TOO_LARGE');
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * What kind of activity file a byte buffer holds, judged by its content only (never by its name).
 */
import { hasFitSignature } from './fit/fit-decoder';

export type DetectedFileType = 'fit' | 'gpx' | 'tcx' | 'gzip';

/** How far into the file we look for the XML root element (declaration, comments, DOCTYPE first). */
const XML_SNIFF_BYTES = 64 * 1024;

/**
 * `fit`: FIT file header (size byte ≥ 12, `.FIT` at offset 8); `gzip`: magic 1F 8B;
 * `gpx` / `tcx`: XML (after an optional BOM, whitespace, XML declaration, processing instructions,
 * comments and DOCTYPE) whose root element's local name is `gpx` / `TrainingCenterDatabase`
 * (any namespace prefix; UTF-8 or UTF-16). Anything else: null.
 */
export function detectActivityFileType(bytes: Uint8Array): DetectedFileType | null {
  if (hasFitSignature(bytes)) return 'fit';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  const root = xmlRootName(bytes);
  if (root === null) return null;
  const local = root.slice(root.indexOf(':') + 1).toLowerCase();
  if (local === 'gpx') return 'gpx';
  if (local === 'trainingcenterdatabase') return 'tcx';
  return null;
}

/** The qualified name of the XML root element, or null when the bytes do not look like XML. */
export function xmlRootName(bytes: Uint8Array): string | null {
  const text = decodeHead(bytes.subarray(0, XML_SNIFF_BYTES));
  if (text === null) return null;
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && isXmlSpace(text.charCodeAt(i))) i++;
    if (i >= n || text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const end = doctypeEnd(text, i + 9);
      if (end < 0) return null;
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
      return m === null ? null : m[1];
    }
  }
}

/** Index of the `>` closing a DOCTYPE, skipping an internal subset in brackets and quoted strings. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i;
  }
  return -1;
}

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Decodes the head of a possible XML document (UTF-8 with/without BOM, UTF-16 LE/BE). */
function decodeHead(head: Uint8Array): string | null {
  if (head.length < 2) return null;
  let utf16: 'le' | 'be' | null = null;
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) [utf16, start] = ['le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [utf16, start] = ['be', 2];
  else if (head[0] === 0x3c && head[1] === 0x00) utf16 = 'le';
  else if (head[0] === 0x00 && head[1] === 0x3c) utf16 = 'be';
  const body = head.subarray(start);
  if (utf16 === null) return new TextDecoder('utf-8', { fatal: false }).decode(body);
  const even = body.subarray(0, body.length - (body.length % 2));
  const le = utf16 === 'le' ? even : swapBytePairs(even);
  return new TextDecoder('utf-16le', { fatal: false }).decode(le);
}

function swapBytePairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

const startsWithBytes = (bytes: Uint8Array, sig: number[], at = 0): boolean =>
  bytes.length >= at + sig.length && sig.every((b, k) => bytes[at + k] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * A user-facing reason for content that is not an activity file, naming common look-alikes
 * (images, PDF, ZIP, KML, HTML, JSON) when they are easy to recognise.
 */
export function describeUnsupportedContent(bytes: Uint8Array): string {
  const what = recogniseContent(bytes);
  return what === null
    ? 'Unrecognised file content: upload a FIT, GPX or TCX activity file (gzip-compressed or not)'
    : `${what}, not an activity file (FIT, GPX or TCX)`;
}

function recogniseContent(bytes: Uint8Array): string | null {
  if (startsWithBytes(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'This is a PNG image';
  if (startsWithBytes(bytes, [0xff, 0xd8, 0xff])) return 'This is a JPEG image';
  if (startsWithBytes(bytes, ascii('GIF87a')) || startsWithBytes(bytes, ascii('GIF89a')))
    return 'This is a GIF image';
  if (startsWithBytes(bytes, ascii('RIFF')) && startsWithBytes(bytes, ascii('WEBP'), 8))
    return 'This is a WebP image';
  if (startsWithBytes(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    return /^(heic|heix|heim|heis|hevc|mif1|msf1|avif)$/.test(brand)
      ? 'This is a HEIC/AVIF image'
      : 'This is a video (MP4/MOV)';
  }
  if (startsWithBytes(bytes, ascii('%PDF-'))) return 'This is a PDF document';
  if (startsWithBytes(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return 'This is a ZIP archive (unzip it and upload the file inside)';
  if (startsWithBytes(bytes, [0x42, 0x5a, 0x68])) return 'This is a bzip2 archive';
  if (startsWithBytes(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'This is a 7-Zip archive';
  const root = xmlRootName(bytes);
  if (root !== null) {
    const local = root.slice(root.indexOf(':') + 1).toLowerCase();
    if (local === 'html') return 'This is a web page (HTML)';
    if (local === 'kml') return 'This is a KML file (export the activity as GPX instead)';
    return `This is an XML document whose root element is <${root}>`;
  }
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<!doctype html/i.test(text)) return 'This is a web page (HTML)';
  if (text.startsWith('{') || text.startsWith('[')) return 'This is a JSON file';
  return null;
}

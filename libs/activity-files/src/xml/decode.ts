import { ActivityFileError } from '../parsed-activity';

/**
 * Turns the uploaded bytes into one JS string, once, before any scanning.
 *
 * - UTF-8 (with or without BOM) is the normal case and goes through a single TextDecoder call.
 * - UTF-16 LE/BE is recognised by its BOM (FF FE / FE FF) or, without a BOM, by the `<?` / `<` byte
 *   pattern of the first characters.
 * - A single-byte `encoding="…"` in the XML declaration (ISO-8859-1, windows-1252, …) is honoured when
 *   the runtime's TextDecoder knows it; anything unknown falls back to UTF-8 with a warning.
 * - Zero bytes, or nothing but whitespace/NUL bytes → `EMPTY_FILE`.
 * - Trailing NUL bytes (what a logger that died while writing a pre-allocated file leaves behind)
 *   are cut off with a warning, so the rest is treated as a truncated document.
 */
export interface DecodedXml {
  text: string;
  warnings: string[];
}

const UTF8 = 'utf-8';

export function decodeXmlBytes(input: Uint8Array, formatName: string): DecodedXml {
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(`parse${formatName}: input must be a Buffer or Uint8Array`);
  }
  if (input.length === 0) {
    throw new ActivityFileError(`The ${formatName} file is empty (0 bytes).`, 'EMPTY_FILE');
  }
  const warnings: string[] = [];
  let text: string;

  const b0 = input[0];
  const b1 = input.length > 1 ? input[1] : -1;
  if (b0 === 0xff && b1 === 0xfe) {
    text = decodeUtf16(input.subarray(2), true);
  } else if (b0 === 0xfe && b1 === 0xff) {
    text = decodeUtf16(input.subarray(2), false);
  } else if (looksLikeBomlessUtf16(input, true)) {
    text = decodeUtf16(input, true);
  } else if (looksLikeBomlessUtf16(input, false)) {
    text = decodeUtf16(input, false);
  } else {
    const hasBom = b0 === 0xef && b1 === 0xbb && input.length > 2 && input[2] === 0xbf;
    const body = hasBom ? input.subarray(3) : input;
    const declared = hasBom ? null : declaredEncoding(body);
    let decoder: InstanceType<typeof TextDecoder> | null = null;
    if (declared !== null) {
      try {
        const candidate = new TextDecoder(declared, { ignoreBOM: true });
        // A declaration saying UTF-16 on bytes that are plainly ASCII-compatible is a lie: ignore it.
        if (candidate.encoding !== UTF8 && !candidate.encoding.startsWith('utf-16')) {
          decoder = candidate;
        }
      } catch {
        warnings.push(
          `Unknown character encoding "${declared.slice(0, 40)}" in the XML declaration; read as UTF-8.`,
        );
      }
    }
    text = (decoder ?? new TextDecoder(UTF8, { ignoreBOM: true })).decode(body);
    if (decoder === null && text.indexOf('\uFFFD') >= 0) {
      warnings.push('Some bytes are not valid UTF-8 and were replaced (names may show "\uFFFD").');
    }
  }

  // Whitespace/NUL-only → empty. Trailing NULs → cut.
  let start = 0;
  const len = text.length;
  while (start < len && isBlank(text.charCodeAt(start))) start++;
  if (start === len) {
    throw new ActivityFileError(`The ${formatName} file contains no data (only blank bytes).`, 'EMPTY_FILE');
  }
  let end = len;
  let sawNul = false;
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c === 0) sawNul = true;
    else if (!isBlank(c)) break;
    end--;
  }
  if (sawNul) {
    warnings.push('The file ends with NUL bytes (the recording device may have stopped while writing).');
  }
  if (end !== len) text = text.slice(0, end);
  return { text, warnings };
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0 || c === 0xfeff;
}

/** `<` (or whitespace) encoded as UTF-16 without BOM: every other byte of the first characters is 0. */
function looksLikeBomlessUtf16(b: Uint8Array, littleEndian: boolean): boolean {
  if (b.length < 4) return false;
  const lo = littleEndian ? 0 : 1;
  const hi = littleEndian ? 1 : 0;
  return b[hi] === 0 && b[hi + 2] === 0 && b[lo] !== 0 && b[lo + 2] !== 0 && isAsciiXmlStart(b[lo]);
}

function isAsciiXmlStart(c: number): boolean {
  return c === 0x3c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function decodeUtf16(body: Uint8Array, littleEndian: boolean): string {
  if (littleEndian) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(body);
  // Swap to little-endian ourselves: 'utf-16be' is missing from runtimes built without full ICU.
  const n = body.length & ~1;
  const swapped = new Uint8Array(n);
  for (let i = 0; i < n; i += 2) {
    swapped[i] = body[i + 1];
    swapped[i + 1] = body[i];
  }
  return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(swapped);
}

/** `encoding="…"` of an XML declaration found among the first bytes, if any (ASCII only). */
function declaredEncoding(body: Uint8Array): string | null {
  const head = String.fromCharCode(...body.subarray(0, Math.min(body.length, 512)));
  const end = head.indexOf('>');
  const declaration = end < 0 ? head : head.slice(0, end);
  if (declaration.indexOf('<?xml') < 0) return null;
  const m = /encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(declaration);
  return m ? m[1] : null;
}

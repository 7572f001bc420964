import { ActivityFileError } from '../parsed-activity';
import { decodeEntities } from './entities';
import { type IsoTimeReader, parseNumber } from './values';

/**
 * A small pull tokenizer over an already-decoded XML string, written for speed and for hostile input.
 *
 * It walks the string once, jumping with `indexOf` between `<` and the ends of comments, CDATA,
 * attribute values and tags, and hands out one token at a time (OPEN, CLOSE, EOF, and TEXT when
 * asked for). No DOM, no per-character string building: the open-element stack holds offsets into
 * the text, attribute values are recorded as spans while the tag is scanned, numbers are parsed in
 * place, and the only string made per element is its local name.
 *
 * Deliberate simplifications, all safe for GPX/TCX:
 * - Namespaces are not resolved. Elements are matched by LOCAL name (`gpxtpx:hr` → `hr`), so files
 *   whose prefixes are never declared (a common exporter bug) still read; such prefixes are reported
 *   once in `warnings` (a prefix counts as declared once an `xmlns:p` attribute was seen anywhere
 *   before, an approximation of XML scoping that is enough for a diagnostic).
 * - A DOCTYPE is skipped; if it declares any entity (`<!ENTITY`, internal or external, general or
 *   parameter) the whole file is refused as UNSAFE_XML. Only the 5 predefined entities and numeric
 *   character references are ever decoded, so nothing can expand (no billion laughs, no XXE).
 * - Tags must be well formed and closing tags must match (else MALFORMED with a line number).
 *   Reaching the end of the input inside a tag, comment or open element is NOT an error here: the
 *   scanner returns EOF with `truncated = true` and the consumer decides what to keep.
 * - Content after the root element is closed is ignored with a warning.
 * - Nesting deeper than MAX_DEPTH levels is refused (MALFORMED) to bound the stack.
 *
 * A self-closing tag `<a/>` is reported as OPEN immediately followed by CLOSE.
 */
export const TOKEN_EOF = 0;
export const TOKEN_OPEN = 1;
export const TOKEN_CLOSE = 2;
export const TOKEN_TEXT = 3;
export type XmlToken = typeof TOKEN_EOF | typeof TOKEN_OPEN | typeof TOKEN_CLOSE | typeof TOKEN_TEXT;

export const MAX_DEPTH = 256;
/** Attributes recorded per tag for attr(); later ones are still validated, just not looked up. */
const MAX_ATTRS = 32;
const MAX_REPORTED_PREFIXES = 10;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === COLON || c >= 0x80;
}

/** At most `max` characters of `s`, for messages. */
function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The decimal number written in s[start, end) (surrounding whitespace allowed), NaN if blank or not a
 * number. Plain decimals of at most 15 digits are computed in place as integer / 10^k, which is
 * exactly what `Number()` returns (both operands are exact doubles and IEEE division rounds
 * correctly); anything else (more digits, exponents, entities…) goes through `Number()`.
 */
export function numberIn(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && isWs(s.charCodeAt(i))) i++;
  let e = end;
  while (e > i && isWs(s.charCodeAt(e - 1))) e--;
  if (i === e) return NaN;
  let negative = false;
  const first = s.charCodeAt(i);
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digitCount = 0;
  let fraction = -1;
  for (let j = i; j < e; j++) {
    const c = s.charCodeAt(j);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digitCount++;
    } else if (c === 0x2e && fraction < 0) {
      fraction = j;
    } else {
      return slowNumber(s, start, end);
    }
  }
  if (digitCount === 0 || digitCount > 15) return slowNumber(s, start, end);
  const decimals = fraction < 0 ? 0 : e - fraction - 1;
  const value = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return negative ? -value : value;
}

function slowNumber(s: string, start: number, end: number): number {
  const raw = s.slice(start, end);
  return parseNumber(raw.indexOf('&') >= 0 ? decodeEntities(raw) : raw);
}

export class XmlScanner {
  /** Local name of the element of the current OPEN or CLOSE token. */
  local = '';
  /** Local name of the document's root element ('' until it has been read). */
  rootLocal = '';
  /** The input ended before the document was complete (inside markup or with open elements). */
  truncated = false;

  private readonly s: string;
  private readonly len: number;
  private pos = 0;

  /** The fraction of the text read so far (0–1). */
  get progress(): number {
    return this.len === 0 ? 1 : this.pos / this.len;
  }
  /** Open elements: offset and length of each qualified name in `s`, and its local name. */
  private readonly nameAt = new Int32Array(MAX_DEPTH);
  private readonly nameLen = new Int32Array(MAX_DEPTH);
  private readonly locals: string[] = [];
  private open = 0;
  /** Attributes of the current OPEN tag: [nameStart, nameEnd, valueStart, valueEnd] per attribute. */
  private readonly attrSpans = new Int32Array(4 * MAX_ATTRS);
  private attrCount = 0;
  private textStart = 0;
  private textEnd = 0;
  private textIsCData = false;
  /** When false, next() skips TEXT tokens (readText turns them on for itself). */
  private wantText = false;
  private pendingClose = false;
  private rootClosed = false;
  private done = false;
  private readonly declaredPrefixes = new Set<string>(['xml', 'xmlns']);
  private readonly unboundPrefixes = new Set<string>();
  /** Last prefix found declared, to skip the Set lookup for the usual repeated prefix. */
  private okPrefixAt = -1;
  private okPrefixLen = 0;
  private readonly notes: string[] = [];

  constructor(
    text: string,
    private readonly formatName: string,
  ) {
    this.s = text;
    this.len = text.length;
  }

  /** Number of currently open elements (the current OPEN element included). */
  get depth(): number {
    return this.open;
  }

  /** Report TEXT tokens from next() (off by default: the parsers read text with readText()). */
  reportText(on: boolean): void {
    this.wantText = on;
  }

  /** Local name of the parent of the current OPEN element ('' at the root). */
  parentLocal(): string {
    return this.open >= 2 ? this.locals[this.open - 2] : '';
  }

  /** Non-fatal oddities noticed while scanning. */
  get warnings(): string[] {
    const out = [...this.notes];
    if (this.unboundPrefixes.size > 0) {
      const list = [...this.unboundPrefixes].map((p) => `${clip(p, 20)}:`).join(', ');
      out.push(`Undeclared XML namespace prefix(es) ${list} tolerated (elements are read by local name).`);
    }
    return out;
  }

  next(): XmlToken {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.popElement();
      return TOKEN_CLOSE;
    }
    const s = this.s;
    const len = this.len;
    while (!this.done) {
      const p = this.pos;
      if (p >= len) return this.finish();
      if (s.charCodeAt(p) !== LT) {
        let lt = s.indexOf('<', p);
        if (lt < 0) lt = len;
        this.pos = lt;
        if (this.open === 0) {
          this.checkTextOutsideRoot(p, lt);
          continue;
        }
        if (!this.wantText) continue;
        this.textStart = p;
        this.textEnd = lt;
        this.textIsCData = false;
        return TOKEN_TEXT;
      }
      const c = s.charCodeAt(p + 1);
      if (c === SLASH) return this.readCloseTag();
      if (c === QUESTION) {
        const end = s.indexOf('?>', p + 2);
        if (end < 0) return this.cut();
        this.pos = end + 2;
        continue;
      }
      if (c === BANG) {
        const token = this.readBang();
        if (token !== null) return token;
        continue;
      }
      if (this.rootClosed) {
        this.ignoreRest();
        continue;
      }
      return this.readOpenTag();
    }
    return TOKEN_EOF;
  }

  /** Decoded text of the current TEXT token. */
  text(): string {
    const raw = this.s.slice(this.textStart, this.textEnd);
    return this.textIsCData ? raw : decodeEntities(raw);
  }

  /**
   * Right after an OPEN token: the element's own text content (child elements skipped, comments
   * ignored, CDATA kept), consuming everything up to and including its closing tag.
   * Returns null if the input ends first (`truncated` is then set).
   */
  readText(): string | null {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.popElement();
      return '';
    }
    const lt = this.s.indexOf('<', this.pos);
    const after = lt < 0 ? -1 : this.closesCurrent(lt);
    if (after >= 0) {
      const raw = this.s.slice(this.pos, lt);
      this.pos = after;
      this.popElement();
      return raw.indexOf('&') >= 0 ? decodeEntities(raw) : raw;
    }
    return this.readMixedText();
  }

  /** Like readText(), parsed as a decimal number; NaN when empty, not a number or truncated. */
  readNumber(): number {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.popElement();
      return NaN;
    }
    const start = this.pos;
    const lt = this.s.indexOf('<', start);
    const after = lt < 0 ? -1 : this.closesCurrent(lt);
    if (after >= 0) {
      this.pos = after;
      this.popElement();
      return numberIn(this.s, start, lt);
    }
    return parseNumber(this.readMixedText());
  }

  /** Like readText(), parsed by `reader` as an ISO 8601 time (epoch ms); NaN when empty or invalid. */
  readTime(reader: IsoTimeReader): number {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.popElement();
      return NaN;
    }
    const start = this.pos;
    const lt = this.s.indexOf('<', start);
    const after = lt < 0 ? -1 : this.closesCurrent(lt);
    if (after >= 0) {
      // (An entity inside a time is not decoded: it makes the time invalid, as it should.)
      this.pos = after;
      this.popElement();
      return reader.parseIn(this.s, start, lt);
    }
    return reader.parse(this.readMixedText());
  }

  /** Value of the current OPEN element's attribute whose local name is `name` (entities decoded). */
  attr(name: string): string | null {
    const i = this.findAttr(name);
    if (i < 0) return null;
    const raw = this.s.slice(this.attrSpans[i + 2], this.attrSpans[i + 3]);
    return raw.indexOf('&') >= 0 ? decodeEntities(raw) : raw;
  }

  /** attr(name) parsed as a decimal number; NaN when missing or not a number. */
  attrNumber(name: string): number {
    const i = this.findAttr(name);
    return i < 0 ? NaN : numberIn(this.s, this.attrSpans[i + 2], this.attrSpans[i + 3]);
  }

  // ───────────────────────────── internals ─────────────────────────────

  /** Index into attrSpans of the attribute with local name `name`, or -1. `xmlns:*` never match. */
  private findAttr(name: string): number {
    const s = this.s;
    const spans = this.attrSpans;
    const nameLen = name.length;
    for (let k = 0; k < this.attrCount; k++) {
      const i = k * 4;
      const an = spans[i];
      const localAt = spans[i + 1] - nameLen;
      if (localAt < an || !s.startsWith(name, localAt)) continue;
      if (localAt === an || (s.charCodeAt(localAt - 1) === COLON && !s.startsWith('xmlns:', an))) return i;
    }
    return -1;
  }

  /** If s[lt] starts the closing tag of the current element (`</name>`), the offset after it; else -1. */
  private closesCurrent(lt: number): number {
    const s = this.s;
    if (s.charCodeAt(lt + 1) !== SLASH || this.open === 0) return -1;
    const at = this.nameAt[this.open - 1];
    const n = this.nameLen[this.open - 1];
    const p = lt + 2;
    if (s.charCodeAt(p + n) !== GT) return -1;
    for (let k = 0; k < n; k++) {
      if (s.charCodeAt(p + k) !== s.charCodeAt(at + k)) return -1;
    }
    return p + n + 1;
  }

  /** General case of readText(): text interleaved with comments, CDATA or child elements. */
  private readMixedText(): string | null {
    const depth = this.open;
    const previous = this.wantText;
    this.wantText = true;
    try {
      let out = '';
      for (;;) {
        const t = this.next();
        if (t === TOKEN_EOF) return null;
        if (t === TOKEN_TEXT) {
          if (this.open === depth) out += this.text();
        } else if (t === TOKEN_CLOSE && this.open < depth) {
          return out;
        }
      }
    } finally {
      this.wantText = previous;
    }
  }

  private readOpenTag(): XmlToken {
    const s = this.s;
    const len = this.len;
    const start = this.pos;
    const nameStart = start + 1;
    let p = nameStart;
    let colon = -1;
    for (; p < len; p++) {
      const c = s.charCodeAt(p);
      if (c >= 0x41) continue; // letters, "_" and non-ASCII: the usual name characters
      if (c <= 0x20) {
        if (isWs(c)) break;
        this.fail(p, 'control character in a tag name');
      }
      if (c === GT || c === SLASH) break;
      if (c === COLON) {
        if (colon < 0) colon = p;
      } else if (c === LT || c === EQ || c === QUOT || c === APOS) {
        this.fail(p, `unexpected "${s[p]}" in a tag name`);
      }
    }
    if (p >= len) return this.cut();
    if (p === nameStart || !isNameStart(s.charCodeAt(nameStart))) {
      this.fail(start, '"<" is not followed by a tag name');
    }
    const nameEnd = p;
    let attrCount = 0;
    let selfClosing = false;
    for (;;) {
      let c = s.charCodeAt(p);
      while (isWs(c)) c = s.charCodeAt(++p);
      if (p >= len) return this.cut();
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= len) return this.cut();
        if (s.charCodeAt(p + 1) !== GT) this.fail(p, 'expected "/>"');
        p += 2;
        selfClosing = true;
        break;
      }
      const an = p;
      while (p < len) {
        c = s.charCodeAt(p);
        if (c >= 0x41) {
          p++;
          continue;
        }
        if (c === EQ || isWs(c) || c === GT || c === SLASH || c === LT || c === QUOT || c === APOS) break;
        p++;
      }
      if (p >= len) return this.cut();
      if (p === an) this.fail(p, `unexpected "${s[p]}" inside a tag`);
      const anEnd = p;
      while (p < len && isWs(s.charCodeAt(p))) p++;
      if (p >= len) return this.cut();
      if (s.charCodeAt(p) !== EQ) this.fail(p, `attribute "${clip(s.slice(an, anEnd))}" has no value`);
      p++;
      while (p < len && isWs(s.charCodeAt(p))) p++;
      if (p >= len) return this.cut();
      const quote = s.charCodeAt(p);
      if (quote !== QUOT && quote !== APOS) {
        this.fail(p, `value of attribute "${clip(s.slice(an, anEnd))}" is not quoted`);
      }
      const close = s.indexOf(quote === QUOT ? '"' : "'", p + 1);
      if (close < 0) return this.cut();
      if (attrCount < MAX_ATTRS) {
        const i = attrCount * 4;
        this.attrSpans[i] = an;
        this.attrSpans[i + 1] = anEnd;
        this.attrSpans[i + 2] = p + 1;
        this.attrSpans[i + 3] = close;
        attrCount++;
      }
      if (anEnd - an > 6 && s.startsWith('xmlns:', an)) {
        this.declaredPrefixes.add(s.slice(an + 6, anEnd));
      }
      p = close + 1;
    }

    const depth = this.open;
    if (depth >= MAX_DEPTH) {
      this.fail(start, `elements are nested more than ${MAX_DEPTH} levels deep`);
    }
    let local: string;
    if (colon < 0) {
      local = s.slice(nameStart, nameEnd);
    } else {
      local = s.slice(colon + 1, nameEnd);
      this.checkPrefix(nameStart, colon);
    }
    if (depth === 0) this.rootLocal = local;
    this.nameAt[depth] = nameStart;
    this.nameLen[depth] = nameEnd - nameStart;
    this.locals[depth] = local;
    this.open = depth + 1;
    this.attrCount = attrCount;
    this.local = local;
    this.pos = p;
    this.pendingClose = selfClosing;
    return TOKEN_OPEN;
  }

  private checkPrefix(at: number, colon: number): void {
    const n = colon - at;
    if (n === this.okPrefixLen && this.okPrefixAt >= 0) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (this.s.charCodeAt(at + k) !== this.s.charCodeAt(this.okPrefixAt + k)) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    const prefix = this.s.slice(at, colon);
    if (this.declaredPrefixes.has(prefix)) {
      this.okPrefixAt = at;
      this.okPrefixLen = n;
    } else if (this.unboundPrefixes.size < MAX_REPORTED_PREFIXES) {
      this.unboundPrefixes.add(prefix);
    }
  }

  private readCloseTag(): XmlToken {
    const s = this.s;
    const len = this.len;
    const start = this.pos;
    const nameAt = start + 2;
    const top = this.open - 1;
    if (top >= 0) {
      const n = this.nameLen[top];
      const at = this.nameAt[top];
      let k = 0;
      while (k < n && s.charCodeAt(nameAt + k) === s.charCodeAt(at + k)) k++;
      if (k === n) {
        let q = nameAt + n;
        while (q < len && isWs(s.charCodeAt(q))) q++;
        if (q >= len) return this.cut();
        if (s.charCodeAt(q) === GT) {
          this.pos = q + 1;
          this.popElement();
          return TOKEN_CLOSE;
        }
      }
    }
    let q = nameAt;
    while (q < len) {
      const c = s.charCodeAt(q);
      if (c === GT || isWs(c) || c === LT) break;
      q++;
    }
    if (q >= len) return this.cut();
    const actual = clip(s.slice(nameAt, q));
    if (top < 0) return this.fail(start, `closing tag </${actual}> without a matching opening tag`);
    const expected = clip(s.slice(this.nameAt[top], this.nameAt[top] + this.nameLen[top]));
    return this.fail(start, `closing tag </${actual}> does not match <${expected}>`);
  }

  /** `<!…`: comment and DOCTYPE are skipped (null), CDATA becomes a TEXT token when wanted. */
  private readBang(): XmlToken | null {
    const s = this.s;
    const p = this.pos;
    if (s.startsWith('<!--', p)) {
      const end = s.indexOf('-->', p + 4);
      if (end < 0) return this.cut();
      this.pos = end + 3;
      return null;
    }
    if (s.startsWith('<![CDATA[', p)) {
      if (this.open === 0) this.fail(p, 'CDATA section outside the root element');
      const end = s.indexOf(']]>', p + 9);
      if (end < 0) return this.cut();
      this.pos = end + 3;
      if (!this.wantText) return null;
      this.textStart = p + 9;
      this.textEnd = end;
      this.textIsCData = true;
      return TOKEN_TEXT;
    }
    if (s.startsWith('<!DOCTYPE', p)) {
      if (this.open > 0 || this.rootClosed) this.fail(p, 'DOCTYPE inside the document');
      return this.skipDoctype(p);
    }
    if (/^<!ENTITY/i.test(s.slice(p, p + 8))) this.refuseEntities();
    if (this.len - p < 9) return this.cut();
    return this.fail(p, 'unknown markup "<!"');
  }

  private skipDoctype(start: number): XmlToken | null {
    const s = this.s;
    const len = this.len;
    let i = start + 9;
    let inSubset = false;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c === QUOT || c === APOS) {
        const end = s.indexOf(c === QUOT ? '"' : "'", i + 1);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      if (inSubset) {
        if (c === LT && s.startsWith('<!--', i)) {
          const end = s.indexOf('-->', i + 4);
          if (end < 0) break;
          i = end + 3;
          continue;
        }
        if (c === LT && s.charCodeAt(i + 1) === QUESTION) {
          const end = s.indexOf('?>', i + 2);
          if (end < 0) break;
          i = end + 2;
          continue;
        }
        if (c === RBRACKET) inSubset = false;
        i++;
        continue;
      }
      if (c === LBRACKET) {
        inSubset = true;
      } else if (c === GT) {
        // Refuse any entity declaration, whatever quoting tricks surround it.
        if (/<!ENTITY/i.test(s.slice(start, i))) this.refuseEntities();
        this.pos = i + 1;
        this.notes.push('The DOCTYPE declaration was ignored.');
        return null;
      }
      i++;
    }
    if (/<!ENTITY/i.test(s.slice(start))) this.refuseEntities();
    return this.cut();
  }

  private refuseEntities(): never {
    throw new ActivityFileError(
      `This ${this.formatName} file declares XML entities (<!ENTITY …>), which we refuse for safety.`,
      'UNSAFE_XML',
    );
  }

  private checkTextOutsideRoot(from: number, to: number): void {
    const s = this.s;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (isWs(c) || c === 0xfeff) continue;
      if (this.rootClosed) {
        this.ignoreRest();
        return;
      }
      const what = this.rootLocal === '' ? 'before the first tag' : 'outside the root element';
      this.fail(i, `text ${what}: this does not look like an XML file`);
    }
  }

  private ignoreRest(): void {
    this.notes.push('Content after the end of the XML document was ignored.');
    this.pos = this.len;
    this.done = true;
  }

  private popElement(): void {
    const depth = this.open - 1;
    this.open = depth;
    this.local = this.locals[depth];
    if (depth === 0) this.rootClosed = true;
  }

  /** End of input: fine after the root element, "truncated" anywhere else. */
  private finish(): XmlToken {
    this.done = true;
    if (this.open > 0) this.truncated = true;
    return TOKEN_EOF;
  }

  /** The input ends in the middle of some markup. */
  private cut(): XmlToken {
    this.done = true;
    this.truncated = true;
    this.pos = this.len;
    return TOKEN_EOF;
  }

  private fail(at: number, message: string): never {
    let line = 1;
    for (let i = this.s.indexOf('\n'); i >= 0 && i < at; i = this.s.indexOf('\n', i + 1)) line++;
    throw new ActivityFileError(
      `This ${this.formatName} file is not valid XML (line ${line}: ${message}).`,
      'MALFORMED',
    );
  }
}

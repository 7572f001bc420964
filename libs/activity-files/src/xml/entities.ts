/**
 * Decodes the 5 predefined XML entities and numeric character references, nothing else.
 *
 * Entity *declarations* are refused before scanning (see XmlScanner: a DOCTYPE with `<!ENTITY` is
 * UNSAFE_XML), so there is never anything to expand recursively: no billion laughs, no XXE.
 * An unknown `&name;` is left verbatim; a numeric reference to an invalid code point becomes U+FFFD.
 */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  const parts: string[] = [];
  let last = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) {
      amp = raw.indexOf('&', amp + 1);
      continue;
    }
    const replacement = entityValue(raw, amp + 1, semi);
    if (replacement !== null) {
      parts.push(raw.slice(last, amp), replacement);
      last = semi + 1;
    }
    amp = raw.indexOf('&', semi + 1);
  }
  if (last === 0) return raw;
  parts.push(raw.slice(last));
  return parts.join('');
}

function entityValue(s: string, start: number, end: number): string | null {
  if (s.charCodeAt(start) === 0x23 /* # */) {
    let cp: number;
    if (s.charCodeAt(start + 1) === 0x78 /* x */ || s.charCodeAt(start + 1) === 0x58 /* X */) {
      const hex = s.slice(start + 2, end);
      cp = /^[0-9A-Fa-f]{1,8}$/.test(hex) ? parseInt(hex, 16) : NaN;
    } else {
      const dec = s.slice(start + 1, end);
      cp = /^[0-9]{1,10}$/.test(dec) ? parseInt(dec, 10) : NaN;
    }
    if (Number.isNaN(cp)) return null;
    const valid = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0x10ffff);
    if (!valid || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(cp);
  }
  switch (s.slice(start, end)) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return null;
  }
}

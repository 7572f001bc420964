import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describeUnsupportedContent, detectActivityFileType, xmlRootName } from './detect-file-type';
import { ACTIVITY_CORPUS, corpusMissingMessage, hasActivityCorpus } from './fit/testing/corpus';

const FIXTURES = join(__dirname, '__fixtures__');
const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);

function utf16(s: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.push(...(endian === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return Uint8Array.from(out);
}

const GPX = '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk/></gpx>';
const TCX = '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"/>';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

describe('detectActivityFileType', () => {
  it('detects FIT by its header, whatever the rest', () => {
    expect(detectActivityFileType(readFileSync(join(FIXTURES, 'garmin-fenix5-run-short.fit')))).toBe('fit');
    const header12 = Uint8Array.from([12, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54]);
    expect(detectActivityFileType(header12)).toBe('fit');
  });

  it('does not take .FIT elsewhere or a bad header size for FIT', () => {
    expect(
      detectActivityFileType(Uint8Array.from([14, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54])),
    ).toBeNull();
    expect(
      detectActivityFileType(Uint8Array.from([4, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54])),
    ).toBeNull();
    expect(detectActivityFileType(utf8('xx.FIT and more text'))).toBeNull();
  });

  it('detects gzip by its magic bytes', () => {
    expect(detectActivityFileType(gzipSync(utf8(GPX)))).toBe('gzip');
    expect(detectActivityFileType(Uint8Array.from([0x1f, 0x8b]))).toBe('gzip');
  });

  it.each([
    ['plain', GPX],
    ['with declaration', DECL + '\n' + GPX],
    ['with leading whitespace before the declaration', '\r\n \t ' + DECL + GPX],
    [
      'with comments and a stylesheet PI',
      DECL + '<!-- exported by <trk> tool -->\n<?xml-stylesheet href="a.xsl"?>' + GPX,
    ],
    ['with a DOCTYPE and internal subset', DECL + '<!DOCTYPE gpx [ <!ENTITY a "<x>"> ]>' + GPX],
    ['with a namespace prefix', '<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1"></g:gpx>'],
    ['upper-case root', '<GPX></GPX>'],
  ])('detects GPX %s', (_name, text) => {
    expect(detectActivityFileType(utf8(text))).toBe('gpx');
  });

  it('detects GPX after a UTF-8 BOM and in UTF-16 (LE/BE, with or without BOM)', () => {
    expect(detectActivityFileType(withBom(DECL + GPX))).toBe('gpx');
    expect(detectActivityFileType(utf16(DECL + GPX, 'le', true))).toBe('gpx');
    expect(detectActivityFileType(utf16(DECL + GPX, 'be', true))).toBe('gpx');
    expect(detectActivityFileType(utf16(DECL + GPX, 'le', false))).toBe('gpx');
    expect(detectActivityFileType(utf16(DECL + GPX, 'be', false))).toBe('gpx');
  });

  it('detects TCX, including whitespace before the declaration and a prefix', () => {
    expect(detectActivityFileType(utf8(DECL + TCX))).toBe('tcx');
    expect(detectActivityFileType(utf8('\n\n   ' + DECL + '\n' + TCX))).toBe('tcx');
    expect(detectActivityFileType(utf8('<ns2:TrainingCenterDatabase xmlns:ns2="x"/>'))).toBe('tcx');
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.from([0x3c])],
    ['KML', utf8(DECL + '<kml xmlns="http://www.opengis.net/kml/2.2"><!-- not a <gpx> --></kml>')],
    ['root whose name only starts with gpx', utf8('<gpxdata/>')],
    ['prefixed non-gpx root', utf8('<gpx:track xmlns:gpx="x"/>')],
    ['unterminated comment', utf8('<!-- <gpx> ')],
    ['unterminated declaration', utf8('<?xml version="1.0" <gpx>')],
    ['text', utf8('lat,lng\n1,2\n')],
    ['JSON', utf8('{"gpx": true}')],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])],
    ['text before the root', utf8('hello <gpx/>')],
  ])('returns null for %s', (_name, bytes) => {
    expect(detectActivityFileType(bytes)).toBeNull();
  });

  it('only looks at the first 64 KB for the root element', () => {
    const longComment = '<!--' + 'x'.repeat(70 * 1024) + '-->';
    expect(detectActivityFileType(utf8(longComment + GPX))).toBeNull();
    expect(detectActivityFileType(utf8('<!--' + 'x'.repeat(1000) + '-->' + GPX))).toBe('gpx');
  });

  it('exposes the root name it found', () => {
    expect(xmlRootName(utf8(DECL + '<a:b-c.d/>'))).toBe('a:b-c.d');
    expect(xmlRootName(utf8('no xml'))).toBeNull();
  });
});

describe('describeUnsupportedContent', () => {
  it.each([
    [
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0],
      'This is a PNG image, not an activity file (FIT, GPX or TCX)',
    ],
    [[0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'This is a JPEG image, not an activity file (FIT, GPX or TCX)'],
    [[...utf8('GIF89a....')], 'This is a GIF image, not an activity file (FIT, GPX or TCX)'],
    [[...utf8('RIFF\0\0\0\0WEBPVP8 ')], 'This is a WebP image, not an activity file (FIT, GPX or TCX)'],
    [
      [0, 0, 0, 0x18, ...utf8('ftypheic'), 0, 0],
      'This is a HEIC/AVIF image, not an activity file (FIT, GPX or TCX)',
    ],
    [[...utf8('%PDF-1.7\n')], 'This is a PDF document, not an activity file (FIT, GPX or TCX)'],
    [
      [0x50, 0x4b, 0x03, 0x04, 0x14, 0],
      'This is a ZIP archive (unzip it and upload the file inside), not an activity file (FIT, GPX or TCX)',
    ],
    [
      [...utf8(DECL + '<kml/>')],
      'This is a KML file (export the activity as GPX instead), not an activity file (FIT, GPX or TCX)',
    ],
    [
      [...utf8('<!DOCTYPE html><html><body/></html>')],
      'This is a web page (HTML), not an activity file (FIT, GPX or TCX)',
    ],
    [
      [...utf8('<svg xmlns="x"/>')],
      'This is an XML document whose root element is <svg>, not an activity file (FIT, GPX or TCX)',
    ],
    [[...utf8('  [{"lat": 1}]')], 'This is a JSON file, not an activity file (FIT, GPX or TCX)'],
    [
      [1, 2, 3, 4, 5],
      'Unrecognised file content: upload a FIT, GPX or TCX activity file (gzip-compressed or not)',
    ],
  ])('describes %j', (bytes, reason) => {
    expect(describeUnsupportedContent(Uint8Array.from(bytes))).toBe(reason);
  });
});

const corpusFiles = hasActivityCorpus()
  ? (['fit', 'gpx', 'tcx'] as const).flatMap((dir) =>
      readdirSync(join(ACTIVITY_CORPUS, dir)).map((file) => ({ dir, file })),
    )
  : [];

describe('detectActivityFileType over the shared corpus', () => {
  if (corpusFiles.length === 0) {
    it.skip(corpusMissingMessage, () => undefined);
    return;
  }
  it.each(corpusFiles)('$dir/$file', ({ dir, file }) => {
    const expected = file.endsWith('.csv') ? null : dir;
    expect(detectActivityFileType(readFileSync(join(ACTIVITY_CORPUS, dir, file)))).toBe(expected);
  });
});

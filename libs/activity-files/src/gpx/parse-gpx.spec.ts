import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityFileError } from '../parsed-activity';
import { DEFAULT_MAX_POINTS } from '../xml/track-builder';
import { parseGpx } from './parse-gpx';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../__fixtures__', name));

/** A GPX document around `body` (the content of <gpx>). */
function gpx(body: string, rootAttrs = 'creator="Test Watch"'): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" ${rootAttrs} xmlns="http://www.topografix.com/GPX/1/1" ` +
      `xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n${body}\n</gpx>\n`,
  );
}

function pt(lat: number | string, lon: number | string, inner = ''): string {
  return `<trkpt lat="${lat}" lon="${lon}">${inner}</trkpt>`;
}

function trk(...segments: string[][]): string {
  return `<trk>${segments.map((s) => `<trkseg>${s.join('')}</trkseg>`).join('')}</trk>`;
}

function errorOf(run: () => unknown): ActivityFileError {
  try {
    run();
  } catch (e) {
    if (e instanceof ActivityFileError) return e;
    throw new Error(`expected an ActivityFileError, got ${String(e)}`);
  }
  throw new Error('expected an ActivityFileError, got a result');
}

describe('parseGpx: points, segments, values', () => {
  it('reads lat/lng/ele/time and the extensions of each point, in file order', () => {
    const r = parseGpx(
      gpx(
        trk([
          pt(
            45.5,
            4.55,
            '<ele>485.5</ele><time>2020-12-27T15:50:06Z</time><extensions><gpxtpx:TrackPointExtension>' +
              '<gpxtpx:hr>120</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad><gpxtpx:speed>3.2</gpxtpx:speed>' +
              '</gpxtpx:TrackPointExtension></extensions>',
          ),
          pt(-45.25, -4.5, '<ele>-3</ele><time>2020-12-27T15:50:07.250Z</time>'),
        ]),
      ),
    );
    expect(r.fileType).toBe('gpx');
    expect(r.points).toEqual([
      {
        lat: 45.5,
        lng: 4.55,
        ele: 485.5,
        time: Date.UTC(2020, 11, 27, 15, 50, 6),
        heartRate: 120,
        cadence: 88,
        speed: 3.2,
        distance: null,
      },
      {
        lat: -45.25,
        lng: -4.5,
        ele: -3,
        time: Date.UTC(2020, 11, 27, 15, 50, 7, 250),
        heartRate: null,
        cadence: null,
        speed: null,
        distance: null,
      },
    ]);
    expect(r.segmentStarts).toEqual([0]);
    expect(r.startTime).toBe(Date.UTC(2020, 11, 27, 15, 50, 6));
    expect(r.pauses).toEqual([]);
    expect(r.deviceSummary).toBeNull();
    expect(r.sourceDevice).toBe('Test Watch');
  });

  it('reads extensions by local name whatever the prefix, even undeclared ones (warned)', () => {
    const r = parseGpx(
      gpx(
        trk([
          pt(
            1,
            2,
            '<extensions><ns3:TrackPointExtension><ns3:hr>101</ns3:hr></ns3:TrackPointExtension></extensions>',
          ),
          pt(
            1,
            2,
            '<extensions><gpxdata:hr>102</gpxdata:hr><gpxdata:cadence>77</gpxdata:cadence></extensions>',
          ),
          pt(1, 2, '<extensions><hr>103</hr><cadence>78</cadence><distance>1234.5</distance></extensions>'),
          pt(1, 2, '<extensions><x:Wrapper><y:Inner><z:hr>104</z:hr></y:Inner></x:Wrapper></extensions>'),
        ]),
      ),
    );
    expect(r.points.map((p) => p.heartRate)).toEqual([101, 102, 103, 104]);
    expect(r.points.map((p) => p.cadence)).toEqual([null, 77, 78, null]);
    expect(r.points[2].distance).toBe(1234.5);
    expect(r.warnings.join('\n')).toMatch(/Undeclared XML namespace prefix\(es\) ns3:, gpxdata:, x:, y:, z:/);
  });

  it('drops implausible sensor values but keeps the point', () => {
    const r = parseGpx(
      gpx(trk([pt(1, 2, '<extensions><hr>900</hr><cad>-5</cad><speed>fast</speed></extensions>')])),
    );
    expect(r.points[0]).toMatchObject({ lat: 1, lng: 2, heartRate: null, cadence: null, speed: null });
  });

  it('reads GPX 1.0 <speed> directly inside the point', () => {
    const r = parseGpx(gpx(trk([pt(1, 2, '<speed>2.75</speed><course>12</course>')])));
    expect(r.points[0].speed).toBe(2.75);
  });

  it('records one segment start per non-empty segment, across several tracks', () => {
    const r = parseGpx(
      gpx(trk([pt(1, 1), pt(1, 2)], [], [pt(1, 3)]) + trk([]) + trk([pt(2, 1), pt(2, 2)], [pt(2, 3)])),
    );
    expect(r.points.map((p) => p.lng)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(r.segmentStarts).toEqual([0, 2, 3, 5]);
  });

  it('accepts self-closing points and points written with single quotes', () => {
    const r = parseGpx(gpx(`<trk><trkseg><trkpt lat="1" lon="2"/><trkpt lon='4' lat='3' /></trkseg></trk>`));
    expect(r.points.map((p) => [p.lat, p.lng])).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('missing, empty or unreadable <ele> → null', () => {
    const r = parseGpx(
      gpx(trk([pt(1, 2), pt(1, 2, '<ele></ele>'), pt(1, 2, '<ele/>'), pt(1, 2, '<ele>n/a</ele>')])),
    );
    expect(r.points.map((p) => p.ele)).toEqual([null, null, null, null]);
  });

  it('ignores the <ele>/<time>/<name> of waypoints, routes next to a track, metadata and links', () => {
    const r = parseGpx(
      gpx(
        '<metadata><name>File name</name><time>2001-01-01T00:00:00Z</time><link href="x"><type>link type</type></link></metadata>' +
          '<wpt lat="10" lon="10"><ele>999</ele><time>2002-01-01T00:00:00Z</time><name>wpt</name></wpt>' +
          '<rte><name>A route</name><rtept lat="20" lon="20"/></rte>' +
          trk([pt(1, 2, '<ele>5</ele><name>TP1</name><time>2020-01-01T00:00:00Z</time>')]),
      ),
    );
    expect(r.points).toHaveLength(1);
    expect(r.points[0]).toMatchObject({ lat: 1, ele: 5, time: Date.UTC(2020, 0, 1) });
    expect(r.name).toBe('File name');
    expect(r.sportLabel).toBeNull();
  });
});

describe('parseGpx: routes and waypoints', () => {
  it('uses route points only when there is no track point, with a warning', () => {
    const r = parseGpx(
      gpx(
        '<rte><name>Planned</name><rtept lat="1" lon="1"><ele>10</ele></rtept><rtept lat="1" lon="2"/></rte>' +
          '<rte><rtept lat="2" lon="1"/></rte>',
      ),
    );
    expect(r.points.map((p) => [p.lat, p.lng, p.ele])).toEqual([
      [1, 1, 10],
      [1, 2, null],
      [2, 1, null],
    ]);
    expect(r.segmentStarts).toEqual([0, 2]);
    expect(r.name).toBe('Planned');
    expect(r.startTime).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/only a planned route/);
  });

  it('ignores routes as soon as the file has a track, before or after the route', () => {
    const r1 = parseGpx(gpx('<rte><rtept lat="9" lon="9"/></rte>' + trk([pt(1, 1)])));
    const r2 = parseGpx(gpx(trk([pt(1, 1)]) + '<rte><rtept lat="9" lon="9"/></rte>'));
    for (const r of [r1, r2]) {
      expect(r.points.map((p) => p.lat)).toEqual([1]);
      expect(r.warnings.join('\n')).not.toMatch(/route/);
    }
  });

  it('waypoints alone are not an activity (NO_GPS)', () => {
    const e = errorOf(() => parseGpx(gpx('<wpt lat="1" lon="2"><name>Summit</name></wpt>')));
    expect(e.kind).toBe('NO_GPS');
    expect(e.reason).toMatch(/waypoints/);
  });

  it('an empty track is NO_GPS', () => {
    expect(errorOf(() => parseGpx(gpx(trk([])))).kind).toBe('NO_GPS');
  });
});

describe('parseGpx: coordinates', () => {
  it('skips points with missing, out-of-range or unreadable coordinates, with one warning', () => {
    const r = parseGpx(
      gpx(
        trk([
          pt(1, 2),
          pt(91, 2),
          pt(-90.0001, 2),
          pt(1, 180.5),
          pt('abc', 2),
          pt('', 2),
          pt('NaN', 2),
          pt('Infinity', 2),
          '<trkpt lon="2"></trkpt>',
          '<trkpt lat="1"/>',
          '<trkpt/>',
          pt(90, -180),
        ]),
      ),
    );
    expect(r.points.map((p) => [p.lat, p.lng])).toEqual([
      [1, 2],
      [90, -180],
    ]);
    expect(r.warnings).toContain('Skipped 10 points with a missing or invalid position.');
  });

  it('is NO_GPS when no point has a valid position', () => {
    const e = errorOf(() => parseGpx(gpx(trk([pt(100, 0), pt('x', 'y')]))));
    expect(e.kind).toBe('NO_GPS');
    expect(e.reason).toMatch(/2 invalid/);
  });

  it('does not confuse other attributes ending in "lat" with lat', () => {
    const r = parseGpx(gpx(`<trk><trkseg><trkpt xlat="50" lat="1" lon="2" ns:lon="99"/></trkseg></trk>`));
    expect([r.points[0].lat, r.points[0].lng]).toEqual([1, 2]);
  });
});

describe('parseGpx: times', () => {
  it('reads fractions and offsets; startTime is the first timed point', () => {
    const r = parseGpx(
      gpx(
        trk([
          pt(1, 1),
          pt(1, 2, '<time>2015-12-11T15:43:13.994+01:00</time>'),
          pt(1, 3, '<time>2015-12-12T00:00:00+09:00</time>'),
        ]),
      ),
    );
    expect(r.points.map((p) => p.time)).toEqual([
      null,
      Date.UTC(2015, 11, 11, 14, 43, 13, 994),
      Date.UTC(2015, 11, 11, 15, 0, 0),
    ]);
    expect(r.startTime).toBe(Date.UTC(2015, 11, 11, 14, 43, 13, 994));
  });

  it('invalid times → null with one warning; times without zone → UTC with one warning', () => {
    const r = parseGpx(
      gpx(
        trk([
          pt(1, 1, '<time>yesterday</time>'),
          pt(1, 2, '<time>2013-01-01T12:00:04</time>'),
          pt(1, 3, '<time>2013-02-30T12:00:04Z</time>'),
          pt(1, 4, '<time></time>'),
        ]),
      ),
    );
    expect(r.points.map((p) => p.time)).toEqual([null, Date.UTC(2013, 0, 1, 12, 0, 4), null, null]);
    expect(r.warnings).toContain(
      '2 points have an unreadable time (e.g. "yesterday"); their times were left empty.',
    );
    expect(r.warnings).toContain('1 time has no time zone; it was read as UTC.');
  });

  it('treats times before 1980 (device placeholders such as 1901-12-13) as missing', () => {
    const r = parseGpx(gpx(trk([pt(1, 1, '<time>1901-12-13T20:45:52.2073437Z</time>')])));
    expect(r.points[0].time).toBeNull();
    expect(r.startTime).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/before 1980/);
  });

  it('warns (but keeps file order) when time goes backwards', () => {
    const r = parseGpx(
      gpx(
        trk([pt(1, 1, '<time>2020-01-01T00:00:10Z</time>'), pt(1, 2, '<time>2020-01-01T00:00:05Z</time>')]),
      ),
    );
    expect(r.points.map((p) => p.lng)).toEqual([1, 2]);
    expect(r.warnings).toContain('Time goes backwards once between consecutive points.');
  });
});

describe('parseGpx: name, creator, sport', () => {
  it('name: first non-empty <trk><name>, else <metadata><name>, else GPX 1.0 <gpx><name>', () => {
    expect(
      parseGpx(
        gpx(
          '<metadata><name>Meta</name></metadata>' +
            '<trk><name> Morning\n Run </name></trk>' +
            trk([pt(1, 1)]),
        ),
      ).name,
    ).toBe('Morning Run');
    expect(
      parseGpx(gpx('<metadata><name>Meta</name></metadata><trk><name></name></trk>' + trk([pt(1, 1)]))).name,
    ).toBe('Meta');
    expect(parseGpx(gpx('<name>GPX 1.0 name</name>' + trk([pt(1, 1)]))).name).toBe('GPX 1.0 name');
    expect(parseGpx(gpx(trk([pt(1, 1)]))).name).toBeNull();
  });

  it('decodes predefined entities, character references and CDATA in names; leaves unknown entities', () => {
    const r = parseGpx(
      gpx(
        '<trk><name>Run &amp; fun &#233;t&#xE9; &lt;3 &quot;&apos; &#x1F3C3; &nbsp;</name></trk>' +
          trk([pt(1, 1)]),
      ),
    );
    expect(r.name).toBe('Run & fun été <3 "\' 🏃 &nbsp;');
    const r2 = parseGpx(gpx('<trk><name><![CDATA[Bike & <hike>]]></name></trk>' + trk([pt(1, 1)])));
    expect(r2.name).toBe('Bike & <hike>');
  });

  it('sourceDevice: the creator attribute (entities decoded), null when absent or blank', () => {
    expect(parseGpx(gpx(trk([pt(1, 1)]), 'creator="Garmin &amp; Co"')).sourceDevice).toBe('Garmin & Co');
    expect(parseGpx(gpx(trk([pt(1, 1)]), '')).sourceDevice).toBeNull();
    expect(parseGpx(gpx(trk([pt(1, 1)]), 'creator="  "')).sourceDevice).toBeNull();
  });

  it.each([
    ['running', 'running'],
    ['run', 'running'],
    ['Run', 'running'],
    ['cycling', 'cycling'],
    ['biking', 'cycling'],
    ['hiking', 'hiking'],
    ['walking', 'walking'],
    ['swimming', 'swimming'],
    ['9', 'running'],
    ['1', 'cycling'],
    ['16', 'swimming'],
    ['10', 'walking'],
    ['4', 'hiking'],
    ['Kitesurf', 'other'],
  ])('sport from <trk><type>%s</type> → %s, label kept verbatim', (label, sport) => {
    const r = parseGpx(gpx(`<trk><type>${label}</type><trkseg>${pt(1, 1)}</trkseg></trk>`));
    expect(r.sport).toBe(sport);
    expect(r.sportLabel).toBe(label);
    expect(r.warnings.join('\n')).not.toMatch(/assumed running/);
  });

  it('a GPX without any <trk><type> is taken as running, with a warning and a null sportLabel', () => {
    const r = parseGpx(
      gpx('<wpt lat="1" lon="1"><type>Summit</type></wpt>' + trk([pt(1, 1, '<type>x</type>')])),
    );
    expect(r.sport).toBe('running');
    expect(r.sportLabel).toBeNull();
    expect(r.warnings).toContain('The file does not say which sport it is; assumed running.');
  });

  it('uses the first track type and warns when tracks disagree', () => {
    const r = parseGpx(
      gpx(
        `<trk><type>cycling</type><trkseg>${pt(1, 1)}</trkseg></trk><trk><type>running</type><trkseg>${pt(1, 2)}</trkseg></trk>`,
      ),
    );
    expect(r.sport).toBe('cycling');
    expect(r.warnings.join('\n')).toMatch(/different types \("running"\)/);
  });
});

describe('parseGpx: encodings and file framing', () => {
  const doc = `<?xml version="1.0" encoding="UTF-8"?><gpx creator="Zoë"><trk><name>Café</name><trkseg>${pt(1, 2)}</trkseg></trk></gpx>`;

  it('tolerates a UTF-8 BOM and whitespace before the XML declaration', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]);
    expect(parseGpx(bom).name).toBe('Café');
    expect(parseGpx(Buffer.from(`\n\n   \t${doc}`)).name).toBe('Café');
  });

  it('decodes UTF-16 LE and BE, with or without BOM', () => {
    const le = Buffer.from(doc.replace('UTF-8', 'UTF-16'), 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    for (const buf of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      le,
      be,
    ]) {
      const r = parseGpx(buf);
      expect([r.name, r.sourceDevice, r.points.length]).toEqual(['Café', 'Zoë', 1]);
    }
  });

  it('honours a single-byte encoding declared in the XML declaration', () => {
    const latin1 = Buffer.from(doc.replace('UTF-8', 'ISO-8859-1'), 'latin1');
    expect(parseGpx(latin1).name).toBe('Café');
  });

  it('accepts a Uint8Array as well as a Buffer', () => {
    expect(parseGpx(new Uint8Array(Buffer.from(doc))).points).toHaveLength(1);
  });

  it('ignores content after the root element, with a warning', () => {
    const r = parseGpx(Buffer.from(`${doc}\n<gpx><trk/></gpx> trailing junk`));
    expect(r.points).toHaveLength(1);
    expect(r.warnings).toContain('Content after the end of the XML document was ignored.');
  });

  it('cuts trailing NUL bytes (a logger that died while writing), with a warning', () => {
    const r = parseGpx(Buffer.concat([Buffer.from(doc), Buffer.alloc(4096)]));
    expect(r.points).toHaveLength(1);
    expect(r.warnings.join('\n')).toMatch(/NUL bytes/);
  });

  it('tolerates comments, processing instructions and a DOCTYPE without entities', () => {
    const r = parseGpx(
      Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE gpx SYSTEM "gpx.dtd"><!-- c --><?pi x?><gpx><!-- <trkpt lat="9" lon="9"/> -->` +
          `<trk><trkseg><trkpt lat="1" lon="2"><ele>1<!-- mid -->2</ele></trkpt></trkseg></trk></gpx>`,
      ),
    );
    expect(r.points).toEqual([expect.objectContaining({ lat: 1, lng: 2, ele: 12 })]);
    expect(r.warnings).toContain('The DOCTYPE declaration was ignored.');
  });
});

describe('parseGpx: refusals', () => {
  it.each([
    ['zero bytes', Buffer.alloc(0)],
    ['whitespace only', Buffer.from(' \n\t\r\n ')],
    ['a BOM and whitespace', Buffer.from([0xef, 0xbb, 0xbf, 0x20, 0x0a])],
    ['NUL bytes only', Buffer.alloc(1000)],
  ])('%s → EMPTY_FILE', (_label, buf) => {
    expect(errorOf(() => parseGpx(buf)).kind).toBe('EMPTY_FILE');
  });

  it.each([
    ['plain text', 'hello world'],
    ['JSON', '{"type":"FeatureCollection"}'],
    ['binary', '\x0e\x10FIT\x01\x02'],
    ['only a declaration', '<?xml version="1.0"?>'],
  ])('%s → MALFORMED', (_label, text) => {
    const e = errorOf(() => parseGpx(Buffer.from(text, 'latin1')));
    expect(e.kind).toBe('MALFORMED');
  });

  it('another XML format (KML, TCX) → UNSUPPORTED_TYPE naming the root element', () => {
    const e = errorOf(() =>
      parseGpx(Buffer.from('<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>')),
    );
    expect(e.kind).toBe('UNSUPPORTED_TYPE');
    expect(e.reason).toMatch(/<kml>/);
    expect(errorOf(() => parseGpx(fixture('garmin-fr305-run.tcx'))).kind).toBe('UNSUPPORTED_TYPE');
  });

  it('mismatched or stray closing tags → MALFORMED with the line number', () => {
    const e = errorOf(() => parseGpx(Buffer.from('<gpx>\n<trk>\n<trkseg>\n</trk>\n</gpx>')));
    expect(e.kind).toBe('MALFORMED');
    expect(e.reason).toBe(
      'This GPX file is not valid XML (line 4: closing tag </trk> does not match <trkseg>).',
    );
  });

  it.each([
    ['unquoted attribute', '<gpx><trk><trkseg><trkpt lat=1 lon=2/></trkseg></trk></gpx>'],
    ['attribute without value', '<gpx><trk><trkseg><trkpt lat lon="2"/></trkseg></trk></gpx>'],
    ['"<" followed by a space', '<gpx><trk>< trkseg></trkseg></trk></gpx>'],
    ['"<" inside a tag name', '<gpx><tr<k></trk></gpx>'],
    ['unknown <! markup', '<gpx><!ELEMENT x ANY><trk/></gpx>'],
    ['garbage in the middle', `<gpx><trk><trkseg>${pt(1, 2)}<<<>>>${pt(3, 4)}</trkseg></trk></gpx>`],
  ])('%s → MALFORMED', (_label, text) => {
    expect(errorOf(() => parseGpx(Buffer.from(text))).kind).toBe('MALFORMED');
  });

  it('too many points → TOO_LARGE (option maxPoints; default 500,000)', () => {
    expect(DEFAULT_MAX_POINTS).toBe(500_000);
    const body = trk(Array.from({ length: 11 }, (_, i) => pt(1, i)));
    expect(parseGpx(gpx(body), { maxPoints: 11 }).points).toHaveLength(11);
    const e = errorOf(() => parseGpx(gpx(body), { maxPoints: 10 }));
    expect(e.kind).toBe('TOO_LARGE');
    expect(e.reason).toMatch(/more than 10 track points/);
  });

  it('rejects a nonsensical maxPoints option as a programming error', () => {
    expect(() => parseGpx(gpx(trk([pt(1, 1)])), { maxPoints: 0 })).toThrow(RangeError);
  });
});

describe('parseGpx: truncated files', () => {
  const full = gpx(
    trk(Array.from({ length: 5 }, (_, i) => pt(1, i, `<ele>${i}</ele><time>2020-01-01T00:00:0${i}Z</time>`))),
  )
    .toString()
    .trimEnd();

  it('a file cut off mid-track keeps the complete points read before the cut, with a warning', () => {
    const cutInFourthPoint = full.slice(0, full.indexOf('<ele>3</ele>') + 7);
    const r = parseGpx(Buffer.from(cutInFourthPoint));
    expect(r.points.map((p) => p.lng)).toEqual([0, 1, 2]);
    expect(r.warnings).toContain(
      'The file ends abruptly (truncated?): kept the 3 points read before the cut.',
    );
  });

  it('keeps all points when only the closing tags are missing', () => {
    const r = parseGpx(Buffer.from(full.slice(0, full.lastIndexOf('</trkseg>'))));
    expect(r.points).toHaveLength(5);
    expect(r.warnings.join('\n')).toMatch(/truncated/);
  });

  it.each([
    ['inside an attribute', '<?xml version="1.0"?><gpx creator="x"><trk><trkseg><trkpt lat="1'],
    ['inside the first point', '<gpx><trk><trkseg><trkpt lat="1" lon="0"><ele>0</e'],
    ['before any point', '<gpx><trk><trkseg>'],
    ['inside the root tag', '<?xml version="1.0"?>\n<gpx'],
    ['inside a comment', '<gpx><!-- never closed <trk>'],
    ['inside a CDATA section', '<gpx><trk><name><![CDATA[abc'],
  ])('is MALFORMED when the cut comes before any complete point (%s)', (_label, text) => {
    const e = errorOf(() => parseGpx(Buffer.from(text)));
    expect(e.kind).toBe('MALFORMED');
    expect(e.reason).toMatch(/incomplete/);
  });

  it('never throws anything but ActivityFileError, whatever the cut point', () => {
    const text = fixture('nikeplus-subsecond-time.gpx').toString();
    for (let end = 0; end <= text.length; end++) {
      try {
        const r = parseGpx(Buffer.from(text.slice(0, end)));
        expect(r.points.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(ActivityFileError);
      }
    }
  });
});

describe('parseGpx: bundled fixtures', () => {
  it('nikeplus-subsecond-time.gpx: sub-second times with +01:00 offsets, <type>run</type>', () => {
    const r = parseGpx(fixture('nikeplus-subsecond-time.gpx'));
    expect(r.points.map((p) => p.time)).toEqual([
      Date.UTC(2015, 11, 11, 14, 43, 13, 0),
      Date.UTC(2015, 11, 11, 14, 43, 13, 994),
    ]);
    expect([r.sport, r.sportLabel, r.sourceDevice]).toEqual(['running', 'run', 'NikePlus GPX Bridge']);
    expect(r.points[0]).toMatchObject({ lat: 57.011456, lng: 9.992872, ele: 23.5536 });
    expect(r.warnings).toEqual([]);
  });

  it('track-with-empty-segment.gpx: the empty segment leaves no segment start', () => {
    const r = parseGpx(fixture('track-with-empty-segment.gpx'));
    expect(r.points).toHaveLength(9);
    expect(r.segmentStarts).toEqual([0]);
    expect(r.name).toBe('2013-07-06T14:59:00Z');
    expect(r.startTime).toBe(Date.UTC(2013, 6, 6, 17, 26, 26));
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityFileError } from '../parsed-activity';
import { parseTcx } from './parse-tcx';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../__fixtures__', name));

function tcx(body: string): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" ' +
      `xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>${body}</Activities></TrainingCenterDatabase>`,
  );
}

function activity(laps: string, sport: string | null = 'Running', extra = ''): string {
  const sportAttr = sport === null ? '' : ` Sport="${sport}"`;
  return `<Activity${sportAttr}><Id>2020-01-01T00:00:00Z</Id>${laps}${extra}</Activity>`;
}

function lap(tracks: string[], totals = '', start = '2020-01-01T00:00:00Z'): string {
  return `<Lap StartTime="${start}">${totals}${tracks.map((t) => `<Track>${t}</Track>`).join('')}</Lap>`;
}

function tp(lat: number | string | null, lon: number | string | null, inner = ''): string {
  const position =
    lat === null
      ? ''
      : `<Position><LatitudeDegrees>${lat}</LatitudeDegrees><LongitudeDegrees>${lon}</LongitudeDegrees></Position>`;
  return `<Trackpoint>${position}${inner}</Trackpoint>`;
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

describe('parseTcx: trackpoints', () => {
  it('reads time, position, altitude, distance, heart rate, cadence and TPX speed', () => {
    const r = parseTcx(
      tcx(
        activity(
          lap([
            tp(
              47.19740667,
              -1.59416333,
              '<Time>2016-09-12T11:19:56.000Z</Time><AltitudeMeters>4.572</AltitudeMeters>' +
                '<DistanceMeters>2.3</DistanceMeters><HeartRateBpm><Value>85</Value></HeartRateBpm><Cadence>82</Cadence>' +
                '<SensorState>Present</SensorState><Extensions><ns3:TPX><ns3:Speed>3.5</ns3:Speed><ns3:Watts>180</ns3:Watts></ns3:TPX></Extensions>',
            ) +
              tp(
                47.2,
                -1.6,
                '<Time>2016-09-12T11:19:57Z</Time><Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2">' +
                  '<Speed>0.5</Speed><RunCadence>91</RunCadence></TPX></Extensions>',
              ),
          ]),
        ),
      ),
    );
    expect(r.fileType).toBe('tcx');
    expect(r.points).toEqual([
      {
        lat: 47.19740667,
        lng: -1.59416333,
        ele: 4.572,
        time: Date.UTC(2016, 8, 12, 11, 19, 56),
        heartRate: 85,
        cadence: 82,
        speed: 3.5,
        distance: 2.3,
      },
      {
        lat: 47.2,
        lng: -1.6,
        ele: null,
        time: Date.UTC(2016, 8, 12, 11, 19, 57),
        heartRate: null,
        cadence: 91,
        speed: 0.5,
        distance: null,
      },
    ]);
    expect(r.startTime).toBe(Date.UTC(2016, 8, 12, 11, 19, 56));
    expect(r.pauses).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('does not take the lap average heart rate or the lap distance as point values', () => {
    const r = parseTcx(
      tcx(
        activity(
          lap(
            [tp(1, 2)],
            '<DistanceMeters>1000</DistanceMeters><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>',
          ),
        ),
      ),
    );
    expect(r.points[0]).toMatchObject({ heartRate: null, distance: null });
  });

  it('leaves out trackpoints without a position (one warning) and skips invalid positions', () => {
    const r = parseTcx(
      tcx(
        activity(
          lap([
            tp(
              null,
              null,
              '<Time>2020-01-01T00:00:00Z</Time><HeartRateBpm><Value>90</Value></HeartRateBpm>',
            ) +
              tp(1, 2, '<Time>2020-01-01T00:00:01Z</Time>') +
              tp(95, 2) +
              tp('abc', 2) +
              tp(null, null),
          ]),
        ),
      ),
    );
    expect(r.points).toHaveLength(1);
    expect(r.startTime).toBe(Date.UTC(2020, 0, 1, 0, 0, 1));
    expect(r.warnings).toContain('Ignored 2 trackpoints without a position.');
    expect(r.warnings).toContain('Skipped 2 trackpoints with an invalid position.');
  });

  it('a TCX without any position (treadmill, indoor) is NO_GPS', () => {
    const e = errorOf(() =>
      parseTcx(tcx(activity(lap([tp(null, null, '<Time>2020-01-01T00:00:00Z</Time>')])))),
    );
    expect(e.kind).toBe('NO_GPS');
    expect(e.reason).toMatch(/1 trackpoints but none with a GPS position/);
    expect(errorOf(() => parseTcx(tcx(activity(lap([]))))).kind).toBe('NO_GPS');
    expect(errorOf(() => parseTcx(tcx(''))).kind).toBe('NO_GPS');
  });
});

describe('parseTcx: segments', () => {
  it('new laps do not start a segment; extra Tracks inside a lap and new Activities do', () => {
    const r = parseTcx(
      tcx(
        activity(lap([tp(1, 1) + tp(1, 2), tp(1, 3)]) + lap([tp(1, 4)]) + lap([tp(1, 5)])) +
          activity(lap([tp(2, 1)]), 'Running'),
      ),
    );
    expect(r.points.map((p) => `${p.lat}/${p.lng}`)).toEqual(['1/1', '1/2', '1/3', '1/4', '1/5', '2/1']);
    expect(r.segmentStarts).toEqual([0, 2, 5]);
  });
});

describe('parseTcx: sport, device, start time', () => {
  it.each([
    ['Running', 'running'],
    ['Biking', 'cycling'],
    ['Other', 'other'],
    ['Walking', 'walking'],
  ])('Sport="%s" → %s', (label, sport) => {
    const r = parseTcx(tcx(activity(lap([tp(1, 2)]), label)));
    expect([r.sport, r.sportLabel]).toEqual([sport, label]);
  });

  it('no Sport attribute → running, with a warning', () => {
    const r = parseTcx(tcx(activity(lap([tp(1, 2)]), null)));
    expect([r.sport, r.sportLabel]).toEqual(['running', null]);
    expect(r.warnings).toContain('The file does not say which sport it is; assumed running.');
  });

  it('multisport: the first activity gives the sport, with a warning', () => {
    const r = parseTcx(tcx(activity(lap([tp(1, 2)]), 'Biking') + activity(lap([tp(1, 3)]), 'Running')));
    expect(r.sport).toBe('cycling');
    expect(r.warnings.join('\n')).toMatch(/different sports \("Running"\)/);
  });

  it('sourceDevice: Activity/Creator/Name, else Author/Name; name is null', () => {
    const creator = '<Creator xsi:type="Device_t"><Name>Polar V800</Name><UnitId>0</UnitId></Creator>';
    const author = '<Author><Name>Polar Flow Mobile Viewer</Name></Author>';
    const withBoth = Buffer.from(
      tcx(activity(lap([tp(1, 2)]), 'Running', creator))
        .toString()
        .replace('</Activities>', `</Activities>${author}`),
    );
    expect(parseTcx(withBoth).sourceDevice).toBe('Polar V800');
    const authorOnly = Buffer.from(
      tcx(activity(lap([tp(1, 2)])))
        .toString()
        .replace('</Activities>', `</Activities>${author}`),
    );
    expect(parseTcx(authorOnly).sourceDevice).toBe('Polar Flow Mobile Viewer');
    const r = parseTcx(tcx(activity(lap([tp(1, 2)]))));
    expect([r.sourceDevice, r.name]).toEqual([null, null]);
  });

  it('startTime falls back to the first Lap StartTime, then to the Activity Id, when no point is timed', () => {
    expect(parseTcx(tcx(activity(lap([tp(1, 2)], '', '2019-05-05T10:00:00+02:00')))).startTime).toBe(
      Date.UTC(2019, 4, 5, 8),
    );
    expect(parseTcx(tcx(activity(lap([tp(1, 2)], '', 'not a time')))).startTime).toBe(Date.UTC(2020, 0, 1));
  });
});

describe('parseTcx: device summary from laps', () => {
  it('sums time, distance and calories, takes the max of MaximumSpeed and a time-weighted HR', () => {
    const r = parseTcx(
      tcx(
        activity(
          lap(
            [tp(1, 2)],
            '<TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300.5</DistanceMeters><MaximumSpeed>4.5</MaximumSpeed>' +
              '<Calories>20</Calories><AverageHeartRateBpm><Value>120</Value></AverageHeartRateBpm>',
          ) +
            lap(
              [tp(1, 3)],
              '<TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters><MaximumSpeed>5.5</MaximumSpeed>' +
                '<Calories>70</Calories><AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm>',
            ),
        ),
      ),
    );
    expect(r.deviceSummary).toEqual({
      distanceMeters: 1300.5,
      elapsedSeconds: null,
      timerSeconds: 400,
      ascentMeters: null,
      descentMeters: null,
      calories: 90,
      avgHeartRate: 150,
      maxSpeedMs: 5.5,
    });
  });

  it('missing lap values stay null; no lap at all → null summary', () => {
    expect(parseTcx(tcx(activity(lap([tp(1, 2)])))).deviceSummary).toEqual({
      distanceMeters: null,
      elapsedSeconds: null,
      timerSeconds: null,
      ascentMeters: null,
      descentMeters: null,
      calories: null,
      avgHeartRate: null,
      maxSpeedMs: null,
    });
    const noLap = tcx('<Activity Sport="Running"><Track>' + tp(1, 2) + '</Track></Activity>');
    const r = parseTcx(noLap);
    expect(r.points).toHaveLength(1);
    expect(r.deviceSummary).toBeNull();
  });
});

describe('parseTcx: courses, framing, refusals', () => {
  it('uses course points only when there is no activity, with a warning', () => {
    const doc = Buffer.from(
      '<TrainingCenterDatabase><Courses><Course><Name>Loop</Name><Track>' +
        tp(1, 2, '<Time>2020-01-01T00:00:00Z</Time>') +
        tp(1, 3) +
        '</Track></Course></Courses></TrainingCenterDatabase>',
    );
    const r = parseTcx(doc);
    expect(r.points).toHaveLength(2);
    expect(r.name).toBe('Loop');
    expect(r.deviceSummary).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/only a course/);
  });

  it('tolerates whitespace before the XML declaration (Polar V800 exports)', () => {
    const r = parseTcx(Buffer.from(`          ${tcx(activity(lap([tp(1, 2)]))).toString()}`));
    expect(r.points).toHaveLength(1);
  });

  it('a file cut off mid-way keeps the complete trackpoints, with a warning', () => {
    const full = tcx(activity(lap([tp(1, 1) + tp(1, 2) + tp(1, 3)]))).toString();
    const r = parseTcx(Buffer.from(full.slice(0, full.lastIndexOf('<LatitudeDegrees>'))));
    expect(r.points).toHaveLength(2);
    expect(r.warnings).toContain(
      'The file ends abruptly (truncated?): kept the 2 points read before the cut.',
    );
    const e = errorOf(() => parseTcx(Buffer.from(full.slice(0, full.indexOf('<LongitudeDegrees>')))));
    expect([e.kind, e.reason]).toEqual([
      'MALFORMED',
      'This TCX file is incomplete (it stops in the middle of the XML) and no complete trackpoint with a position was read before the cut.',
    ]);
  });

  it('another XML document → UNSUPPORTED_TYPE; empty → EMPTY_FILE; not XML → MALFORMED', () => {
    expect(errorOf(() => parseTcx(Buffer.from('<gpx><trk/></gpx>'))).kind).toBe('UNSUPPORTED_TYPE');
    expect(errorOf(() => parseTcx(Buffer.alloc(0))).kind).toBe('EMPTY_FILE');
    expect(errorOf(() => parseTcx(Buffer.from('\r\n\r\n'))).kind).toBe('EMPTY_FILE');
    expect(errorOf(() => parseTcx(Buffer.from('Time,Lat,Lon\n1,2,3'))).kind).toBe('MALFORMED');
  });

  it('too many trackpoints → TOO_LARGE', () => {
    const doc = tcx(activity(lap([tp(1, 1) + tp(1, 2) + tp(1, 3)])));
    expect(errorOf(() => parseTcx(doc, { maxPoints: 2 })).kind).toBe('TOO_LARGE');
    expect(parseTcx(doc, { maxPoints: 3 }).points).toHaveLength(3);
  });
});

describe('parseTcx: bundled fixture garmin-fr305-run.tcx', () => {
  it('reads 17 positioned trackpoints out of 19, in 3 Tracks of one Lap, with the lap totals', () => {
    const r = parseTcx(fixture('garmin-fr305-run.tcx'));
    expect(r.points).toHaveLength(17);
    expect(r.segmentStarts).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect([r.sport, r.sportLabel, r.sourceDevice]).toEqual(['running', 'Running', 'Forerunner305']);
    expect(r.startTime).toBe(Date.UTC(2007, 7, 7, 2, 42, 41));
    expect(r.deviceSummary).toMatchObject({
      timerSeconds: 2325.02,
      distanceMeters: 8348.5039063,
      calories: 285,
    });
    expect(r.points[0]).toMatchObject({
      lat: 37.8959665,
      lng: -122.4896709,
      speed: 6.008999824523926,
      distance: 0,
    });
    expect(r.warnings).toEqual(['Ignored 2 trackpoints without a position.']);
  });
});

/** Builders of synthetic activity files for the import tests. */

export interface TrackPoint {
  lat: number;
  lng: number;
  ele?: number;
  time?: number;
}

/**
 * A run along `line` ([lng, lat] vertices): a point every `stepMeters` at `speedMs`, starting at
 * `startMs`, with a gentle ±1 m wobble so it looks like GPS.
 */
export function runAlong(
  line: Array<[number, number]>,
  { startMs, speedMs = 3, stepMeters = 5 }: { startMs: number; speedMs?: number; stepMeters?: number },
): TrackPoint[] {
  const points: TrackPoint[] = [];
  let t = startMs;
  for (let i = 0; i + 1 < line.length; i++) {
    const [lng0, lat0] = line[i];
    const [lng1, lat1] = line[i + 1];
    const dy = (lat1 - lat0) * 111_320;
    const dx = (lng1 - lng0) * 111_320 * Math.cos((lat0 * Math.PI) / 180);
    const length = Math.hypot(dx, dy);
    const steps = Math.max(1, Math.round(length / stepMeters));
    for (let k = 0; k < steps; k++) {
      const f = k / steps;
      const wobble = ((points.length % 3) - 1) * 0.00001;
      points.push({
        lat: lat0 + (lat1 - lat0) * f + wobble,
        lng: lng0 + (lng1 - lng0) * f,
        ele: 20 + (k % 4),
        time: t,
      });
      t += (length / steps / speedMs) * 1000;
    }
  }
  const [lng, lat] = line[line.length - 1];
  points.push({ lat, lng, ele: 20, time: t });
  return points;
}

export function gpxOf(
  points: TrackPoint[],
  { type, creator = 'RUNVS test' }: { type?: string; creator?: string } = {},
): Buffer {
  const body = points
    .map(
      (p) =>
        `<trkpt lat="${p.lat.toFixed(7)}" lon="${p.lng.toFixed(7)}">` +
        (p.ele === undefined ? '' : `<ele>${p.ele}</ele>`) +
        (p.time === undefined ? '' : `<time>${new Date(p.time).toISOString()}</time>`) +
        '</trkpt>',
    )
    .join('\n');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="${creator}" xmlns="http://www.topografix.com/GPX/1/1">\n` +
      `<trk><name>Test</name>${type ? `<type>${type}</type>` : ''}<trkseg>\n${body}\n</trkseg></trk></gpx>\n`,
  );
}

/** A TCX of one lap; `lap` writes the device's own lap totals (timer seconds, metres). */
export function tcxOf(
  points: TrackPoint[],
  sport = 'Running',
  lap?: { totalTimeSeconds: number; distanceMeters: number },
): Buffer {
  const start = new Date(points[0].time ?? 0).toISOString();
  const totals = lap
    ? `<TotalTimeSeconds>${lap.totalTimeSeconds}</TotalTimeSeconds><DistanceMeters>${lap.distanceMeters}</DistanceMeters>`
    : '';
  const body = points
    .map(
      (p) =>
        `<Trackpoint><Time>${new Date(p.time ?? 0).toISOString()}</Time><Position><LatitudeDegrees>${p.lat}</LatitudeDegrees>` +
        `<LongitudeDegrees>${p.lng}</LongitudeDegrees></Position><AltitudeMeters>${p.ele ?? 0}</AltitudeMeters></Trackpoint>`,
    )
    .join('\n');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">` +
      `<Activities><Activity Sport="${sport}"><Id>${start}</Id><Lap StartTime="${start}">${totals}<Track>\n${body}\n</Track></Lap></Activity></Activities>` +
      `</TrainingCenterDatabase>\n`,
  );
}

/**
 * GPX 1.1 of one run, as text chunks (one per track point) so a long track is never one string:
 * times, elevation and heart rate (Garmin TrackPointExtension) where recorded. A run without a
 * recorded track is written from its route line (positions only).
 */
export interface GpxPoint {
  lat: number;
  lng: number;
  ele: number | null;
  /** epoch ms */
  time: number | null;
  hr: number | null;
}

export interface GpxRun {
  name: string;
  startedAt: Date;
  activityType: string;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

export function* gpxChunks(run: GpxRun, points: Iterable<GpxPoint>): Generator<string> {
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="RUNVS" xmlns="http://www.topografix.com/GPX/1/1" ' +
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n' +
    `  <metadata><time>${run.startedAt.toISOString()}</time></metadata>\n` +
    `  <trk>\n    <name>${escapeXml(run.name)}</name>\n    <type>${escapeXml(run.activityType)}</type>\n    <trkseg>\n`
  );
  for (const p of points) {
    let point = `      <trkpt lat="${p.lat.toFixed(7)}" lon="${p.lng.toFixed(7)}">`;
    if (p.ele !== null) point += `<ele>${p.ele.toFixed(1)}</ele>`;
    if (p.time !== null) point += `<time>${new Date(p.time).toISOString()}</time>`;
    if (p.hr !== null) {
      point += `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${Math.round(p.hr)}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`;
    }
    yield `${point}</trkpt>\n`;
  }
  yield '    </trkseg>\n  </trk>\n</gpx>\n';
}

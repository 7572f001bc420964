import { parseGpx } from '@runvs/activity-files';
import { gpxChunks } from './gpx-writer';

describe('gpxChunks', () => {
  const run = {
    name: 'Morning <run> & "more"',
    startedAt: new Date('2025-12-01T00:00:00Z'),
    activityType: 'running',
  };

  it('writes times, elevation and heart rate that a GPX parser reads back', () => {
    const text = [
      ...gpxChunks(run, [
        { lat: 37.5665, lng: 126.978, ele: 12.3, time: Date.parse('2025-12-01T00:00:00Z'), hr: 140 },
        { lat: 37.5675, lng: 126.979, ele: 13, time: Date.parse('2025-12-01T00:00:05Z'), hr: 142.4 },
      ]),
    ].join('');
    expect(text).toContain('<name>Morning &lt;run&gt; &amp; &quot;more&quot;</name>');
    const parsed = parseGpx(Buffer.from(text));
    expect(parsed.points).toHaveLength(2);
    expect(parsed.points[1]).toEqual(
      expect.objectContaining({
        lat: 37.5675,
        lng: 126.979,
        ele: 13,
        time: Date.parse('2025-12-01T00:00:05Z'),
      }),
    );
    expect(parsed.points.map((p) => p.heartRate)).toEqual([140, 142]);
    expect(text).toContain('<gpxtpx:hr>142</gpxtpx:hr>');
    expect(text).toContain('<ele>13.0</ele>');
  });

  it('writes positions only when nothing else was recorded', () => {
    const text = [...gpxChunks(run, [{ lat: 1, lng: 2, ele: null, time: null, hr: null }])].join('');
    expect(text).toContain('<trkpt lat="1.0000000" lon="2.0000000"></trkpt>');
  });
});

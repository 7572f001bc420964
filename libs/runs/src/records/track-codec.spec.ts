import { decodeTrack, encodeTrack, type TrackSample } from './track-codec';

describe('track codec', () => {
  const start = Date.UTC(2026, 3, 5, 22, 10, 3, 250);
  const run: TrackSample[] = Array.from({ length: 3600 }, (_, i) => ({
    lat: 37.5665 + i * 0.0000271 + Math.sin(i / 7) * 0.0000031,
    lng: 126.978 - i * 0.0000123,
    ele: Math.round((31.4 + Math.sin(i / 60) * 6) * 10) / 10,
    time: start + i * 1000 + (i % 3),
    hr: 120 + (i % 40),
  }));

  it('round-trips a run at the resolution it was recorded at', () => {
    const decoded = decodeTrack(encodeTrack(run));
    expect(decoded).toHaveLength(run.length);
    decoded.forEach((sample, i) => {
      expect(sample.lat).toBeCloseTo(run[i].lat, 7);
      expect(sample.lng).toBeCloseTo(run[i].lng, 7);
      expect(sample.ele).toBeCloseTo(run[i].ele!, 5);
      expect(sample.time).toBe(run[i].time);
      expect(sample.hr).toBe(run[i].hr);
    });
  });

  it('is compact: a 1 Hz hour takes a few bytes per sample', () => {
    expect(encodeTrack(run).length / run.length).toBeLessThan(8);
  });

  it('keeps what was not recorded as null', () => {
    const sparse: TrackSample[] = [
      { lat: 37.5, lng: 127, ele: null, time: null, hr: null },
      { lat: 37.5001, lng: 127.0001, ele: 12.3, time: start, hr: null },
      { lat: 37.5002, lng: 127.0002, ele: null, time: start + 1500, hr: 0 },
      { lat: -33.9, lng: -151.2, ele: -3.5, time: start + 2000, hr: 300 },
    ];
    expect(decodeTrack(encodeTrack(sparse))).toEqual([
      { lat: 37.5, lng: 127, ele: null, time: null, hr: null },
      { lat: 37.5001, lng: 127.0001, ele: 12.3, time: start, hr: null },
      { lat: 37.5002, lng: 127.0002, ele: null, time: start + 1500, hr: null },
      { lat: -33.9, lng: -151.2, ele: -3.5, time: start + 2000, hr: null },
    ]);
    expect(decodeTrack(encodeTrack([]))).toEqual([]);
  });

  it('refuses bytes that are not a track', () => {
    expect(() => decodeTrack(Buffer.from('hello'))).toThrow();
  });
});

import { decodeStats, encodeStats, scopeTotals } from './distance-boards.rules';
import { Gazetteer } from './places.rules';

const gazetteer = new Gazetteer([
  { id: 1, name: 'Seoul', country: 'KR', lat: 37.566, lng: 126.978, population: 10_000_000 },
  { id: 2, name: 'Gwacheon', country: 'KR', lat: 37.429, lng: 126.988, population: 70_000 },
  { id: 3, name: 'Busan', country: 'KR', lat: 35.102, lng: 129.03, population: 3_600_000 },
]);
const locate = (lat: number, lng: number) => gazetteer.locate(lat, lng);

describe('scopeTotals', () => {
  it('counts every run overall and on the country and place boards of its start', () => {
    const totals = scopeTotals(
      [
        { distance_meters: 5000, duration_seconds: 1500, lat: 37.5, lng: 127.03 },
        { distance_meters: 10000, duration_seconds: 3000, lat: 35.1, lng: 129.04 },
        { distance_meters: 3000, duration_seconds: 1000, lat: null, lng: null },
      ],
      locate,
    );
    expect(Object.fromEntries(totals)).toEqual({
      all: { distance: 18000, runs: 3, duration: 5500 },
      'c:KR': { distance: 15000, runs: 2, duration: 4500 },
      'p:1': { distance: 5000, runs: 1, duration: 1500 },
      'p:3': { distance: 10000, runs: 1, duration: 3000 },
    });
  });

  it('gives no board but the overall one to a run far from any place', () => {
    const totals = scopeTotals([{ distance_meters: 1000, duration_seconds: 300, lat: 0, lng: -150 }], locate);
    expect([...totals.keys()]).toEqual(['all']);
  });

  it('round-trips the stats kept beside the score', () => {
    expect(decodeStats(encodeStats({ distance: 1, runs: 4, duration: 1234 }))).toEqual({
      runs: 4,
      duration: 1234,
    });
    expect(decodeStats(null)).toEqual({ runs: 0, duration: 0 });
  });
});

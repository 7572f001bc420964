import { geodesicMeters } from '@runvs/geo';
import { NEARBY_CELL_DEGREES, nearbyCandidateCount, nearbyCell, nearestFromCandidates } from './nearby.rules';

/** Courses on a jittered grid around Seoul. */
function courses(count: number, spreadDegrees: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${String(i).padStart(4, '0')}`,
    start_lat: 37.55 + (((i * 7919) % 997) / 997 - 0.5) * spreadDegrees,
    start_lng: 126.98 + (((i * 104729) % 991) / 991 - 0.5) * spreadDegrees,
  }));
}

/** What the database answers: every course within the radius, nearest first, ties by id. */
function truth(
  all: ReturnType<typeof courses>,
  point: { lat: number; lng: number },
  radius: number,
  limit: number,
) {
  return all
    .map((c) => ({ id: c.id, meters: geodesicMeters(point.lat, point.lng, c.start_lat, c.start_lng) }))
    .filter((c) => c.meters <= radius)
    .sort((a, b) => a.meters - b.meters || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((c) => c.id);
}

/** The `fetched` nearest to the cell centre, as the index hands them out. */
function candidatesFor(all: ReturnType<typeof courses>, cell: { lat: number; lng: number }, fetched: number) {
  return all
    .map((c) => ({ c, d: geodesicMeters(cell.lat, cell.lng, c.start_lat, c.start_lng) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, fetched)
    .map(({ c }) => c);
}

describe('nearby from cached candidates', () => {
  it('puts a point in the cell whose centre is nearest, at most half a cell away', () => {
    const cell = nearbyCell(37.56649, 126.97796);
    expect(cell.key).toBe('37566:126978');
    expect(Math.abs(cell.lat - 37.56649)).toBeLessThanOrEqual(NEARBY_CELL_DEGREES / 2);
    expect(nearbyCell(-33.8688, 151.2093).key).toBe('-33869:151209');
  });

  it.each([
    ['dense city, the default limit', 1_500, 0.05, 5_000, 5],
    ['dense city, the largest limit', 1_500, 0.05, 50_000, 50],
    ['sparse area', 40, 0.5, 5_000, 5],
    ['sparse area, everything listed is a candidate', 30, 0.5, 50_000, 50],
  ])('answers exactly as the database would, or not at all: %s', (_label, count, spread, radius, limit) => {
    const all = courses(count, spread);
    let answered = 0;
    for (let i = 0; i < 100; i++) {
      const point = {
        lat: 37.55 + (((i * 31) % 100) / 100 - 0.5) * spread,
        lng: 126.98 + (((i * 17) % 100) / 100 - 0.5) * spread,
      };
      const cell = nearbyCell(point.lat, point.lng);
      const fetched = nearbyCandidateCount(limit);
      const answer = nearestFromCandidates(
        candidatesFor(all, cell, fetched),
        point,
        cell,
        radius,
        limit,
        fetched,
      );
      if (answer === null) continue;
      answered++;
      expect(answer.map((a) => a.candidate.id)).toEqual(truth(all, point, radius, limit));
    }
    // The cache must actually answer: a proof that always gives up is no cache.
    expect(answered).toBeGreaterThan(90);
  });

  it('gives up when the candidates do not reach far enough', () => {
    const all = courses(500, 2);
    const point = { lat: 37.55, lng: 126.98 };
    const cell = nearbyCell(point.lat, point.lng);
    expect(nearestFromCandidates(candidatesFor(all, cell, 10), point, cell, 50_000, 50, 10)).toBeNull();
  });
});

import { renderRouteSvg } from './route-image';

const pathOf = (svg: string) => /<path d="(M[^"]+)"/.exec(svg.split('url(#grid)')[1])![1];
const pointsOf = (svg: string) =>
  pathOf(svg)
    .split(/[ML]/)
    .filter(Boolean)
    .map((pair) => pair.trim().split(' ').map(Number));

describe('renderRouteSvg', () => {
  it('fits the route inside the padded picture, north up, aspect kept', () => {
    // 1 km east then 500 m north.
    const svg = renderRouteSvg([
      [127, 37.5],
      [127.01133, 37.5],
      [127.01133, 37.5045],
    ])!;
    expect(svg).toContain('width="1200" height="800"');
    const points = pointsOf(svg);
    expect(points).toHaveLength(3);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(96);
      expect(x).toBeLessThanOrEqual(1104);
      expect(y).toBeGreaterThanOrEqual(96);
      expect(y).toBeLessThanOrEqual(704);
    }
    const [start, corner, end] = points;
    expect(corner[1]).toBeCloseTo(start[1], 1); // eastwards: same height
    expect(end[1]).toBeLessThan(corner[1]); // northwards: up
    const east = corner[0] - start[0];
    const north = corner[1] - end[1];
    expect(east / north).toBeCloseTo(2, 1);
  });

  it('draws a route across ±180° in one piece', () => {
    const points = pointsOf(
      renderRouteSvg([
        [179.99, -17],
        [-179.99, -17],
      ])!,
    );
    expect(Math.abs(points[1][0] - points[0][0])).toBeLessThan(1100);
    expect(points[1][0]).toBeGreaterThan(points[0][0]);
  });

  it('drops invisible detail from long routes and has start and finish markers', () => {
    const line = Array.from({ length: 50_000 }, (_, i) => [127 + i * 0.00001, 37.5] as [number, number]);
    const svg = renderRouteSvg(line)!;
    expect(pointsOf(svg).length).toBeLessThan(10);
    expect(svg).toContain('fill="#16A34A"');
    expect(svg).toContain('fill="url(#chequer)"');
  });

  it('has nothing to draw for a single point', () => {
    expect(
      renderRouteSvg([
        [127, 37.5],
        [127, 37.5],
      ]),
    ).toBeNull();
  });
});

import { CURVATURE_THRESHOLD_RAD_PER_M, classifyCurvedSegments, mengerCurvature } from './curvature';

describe('mengerCurvature (the reference definition, 2·area / abc)', () => {
  it('is 0 on a straight line and for degenerate triangles', () => {
    expect(mengerCurvature(0, 0, 10, 0, 20, 0)).toBe(0);
    expect(mengerCurvature(0, 0, 0, 0, 20, 0)).toBe(0);
    expect(mengerCurvature(0, 0, 1e-7, 0, 20, 0)).toBe(0);
  });

  it('is 1/hypotenuse for a right angle (= 1/(2R) of the circumcircle)', () => {
    expect(mengerCurvature(0, 0, 0, 30, 40, 30)).toBeCloseTo(1 / 50, 12);
  });

  it('is 1/(2R) for three points on a circle of radius R', () => {
    const R = 800;
    const p = (a: number): [number, number] => [R * Math.cos(a), R * Math.sin(a)];
    const [a, b, c] = [p(0), p(0.05), p(0.1)];
    expect(mengerCurvature(a[0], a[1], b[0], b[1], c[0], c[1])).toBeCloseTo(1 / (2 * R), 9);
  });
});

describe('classifyCurvedSegments (§5)', () => {
  it('marks both segments at a vertex above 0.001 and nothing on fewer than 3 points', () => {
    expect(CURVATURE_THRESHOLD_RAD_PER_M).toBe(0.001);
    expect(Array.from(classifyCurvedSegments([0, 0, 40], [0, 30, 30]))).toEqual([1, 1]);
    expect(Array.from(classifyCurvedSegments([0, 10], [0, 0]))).toEqual([0]);
    expect(Array.from(classifyCurvedSegments([], []))).toEqual([]);
  });

  it('a bend of radius 400 m is curved, one of radius 600 m is not (threshold = 1/(2·500 m))', () => {
    const arc = (R: number) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < 5; i++) {
        xs.push(R * Math.cos(i * 0.05));
        ys.push(R * Math.sin(i * 0.05));
      }
      return classifyCurvedSegments(xs, ys);
    };
    expect(Array.from(arc(400))).toEqual([1, 1, 1, 1]);
    expect(Array.from(arc(600))).toEqual([0, 0, 0, 0]);
  });

  it('only the segments touching the bending vertex are curved', () => {
    // Straight, straight, a right angle at vertex 3, straight.
    const xs = [0, 0, 0, 0, 100, 200];
    const ys = [0, 100, 200, 300, 300, 300];
    expect(Array.from(classifyCurvedSegments(xs, ys))).toEqual([0, 0, 1, 1, 0]);
  });
});

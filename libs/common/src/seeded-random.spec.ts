import { seededRandom } from './seeded-random';

describe('seededRandom', () => {
  it('replays the same sequence for a seed, and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('is mulberry32: its known first values for seed 1', () => {
    const random = seededRandom(1);
    expect([random(), random(), random()].map((x) => Math.round(x * 4_294_967_296))).toEqual([
      2_693_262_067, 11_749_833, 2_265_367_787,
    ]);
  });

  it('stays in [0, 1) and spreads over it', () => {
    const random = seededRandom(20_261_207);
    const values = Array.from({ length: 10_000 }, () => random());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const tenths = new Array<number>(10).fill(0);
    for (const value of values) tenths[Math.floor(value * 10)] += 1;
    for (const count of tenths) expect(count).toBeGreaterThan(900);
  });
});

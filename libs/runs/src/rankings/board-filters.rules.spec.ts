import { parseAgeGroup } from './board-filters.rules';

describe('board age groups', () => {
  it.each([
    ['20s', { min: 20, max: 29 }],
    ['30', { min: 30, max: 39 }],
    ['20-29', { min: 20, max: 29 }],
    ['40~49', { min: 40, max: 49 }],
    ['60+', { min: 60, max: null }],
    ['60s+', { min: 60, max: null }],
  ])('%s → %o', (value, range) => {
    expect(parseAgeGroup(value)).toEqual(range);
  });

  it.each(['', 'young', '25s', '30-20', '-5'])('refuses %p', (value) => {
    expect(parseAgeGroup(value)).toBeNull();
  });
});

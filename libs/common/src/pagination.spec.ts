import { offsetOf, toPage } from './pagination';

describe('pagination', () => {
  it('computes the offset from a 0-based page', () => {
    expect(offsetOf({ page: 0, perPage: 20 })).toBe(0);
    expect(offsetOf({ page: 3, perPage: 20 })).toBe(60);
  });

  it('has_next is true only while rows remain after this page', () => {
    expect(toPage([1, 2], 5, { page: 0, perPage: 2 }).has_next).toBe(true);
    expect(toPage([5], 5, { page: 2, perPage: 2 }).has_next).toBe(false);
    expect(toPage([3, 4], 4, { page: 1, perPage: 2 }).has_next).toBe(false);
    expect(toPage([], 0, { page: 0, perPage: 20 })).toEqual({ data: [], total_count: 0, has_next: false });
  });
});

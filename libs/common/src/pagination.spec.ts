import { assertPageInRange, MAX_PAGE, offsetOf, toPage } from './pagination';

describe('pagination', () => {
  it('computes the offset from a 0-based page', () => {
    expect(offsetOf({ page: 0, perPage: 20 })).toBe(0);
    expect(offsetOf({ page: 3, perPage: 20 })).toBe(60);
    expect(offsetOf({ page: MAX_PAGE, perPage: 500 })).toBeLessThan(2 ** 31);
  });

  it.each([1e20, MAX_PAGE + 1, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses page %p with a 422 naming the field, never an overflowing offset',
    (page) => {
      expect(() => offsetOf({ page, perPage: 20 })).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_ERROR',
          details: expect.objectContaining({ fields: [expect.objectContaining({ field: 'page' })] }),
        }),
      );
      expect(() => assertPageInRange({ page, perPage: 20 })).toThrow();
    },
  );

  it('has_next is true only while rows remain after this page', () => {
    expect(toPage([1, 2], 5, { page: 0, perPage: 2 }).has_next).toBe(true);
    expect(toPage([5], 5, { page: 2, perPage: 2 }).has_next).toBe(false);
    expect(toPage([3, 4], 4, { page: 1, perPage: 2 }).has_next).toBe(false);
    expect(toPage([], 0, { page: 0, perPage: 20 })).toEqual({ data: [], total_count: 0, has_next: false });
  });
});

import { isUuid } from './uuid';

describe('isUuid', () => {
  it('accepts canonical UUIDs in either case and nothing else', () => {
    expect(isUuid('0d327dab-455c-4228-b166-60e56dd2a587')).toBe(true);
    expect(isUuid('0D327DAB-455C-4228-B166-60E56DD2A587')).toBe(true);
    expect(isUuid('0d327dab455c4228b16660e56dd2a587')).toBe(false);
    expect(isUuid('0d327dab-455c-4228-b166-60e56dd2a587 ')).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});

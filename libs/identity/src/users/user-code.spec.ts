import { generateUserCode, USER_CODE_ALPHABET } from './user-code';

describe('user codes', () => {
  it('are 8 characters of A–Z0–9', () => {
    for (let i = 0; i < 200; i++) expect(generateUserCode()).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('use the whole alphabet', () => {
    const seen = new Set(Array.from({ length: 400 }, generateUserCode).join(''));
    expect(seen.size).toBe(USER_CODE_ALPHABET.length);
  });
});

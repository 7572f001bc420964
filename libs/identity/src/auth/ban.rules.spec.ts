import { activeBanSql, isBanActive } from './ban.rules';

describe('ban rule', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it.each([
    ['not banned', { isBanned: false, bannedUntil: null }, false],
    ['banned indefinitely', { isBanned: true, bannedUntil: null }, true],
    ['banned until tomorrow', { isBanned: true, bannedUntil: new Date('2025-06-02T12:00:00Z') }, true],
    [
      'a temporary ban that ran out',
      { isBanned: true, bannedUntil: new Date('2025-06-01T11:59:59Z') },
      false,
    ],
    ['a ban ending exactly now', { isBanned: true, bannedUntil: now }, false],
    [
      'an end date without the flag',
      { isBanned: false, bannedUntil: new Date('2025-07-01T00:00:00Z') },
      false,
    ],
  ])('%s', (_name, ban, active) => {
    expect(isBanActive(ban, now)).toBe(active);
  });

  it('has the SQL twin for list queries', () => {
    expect(activeBanSql('u')).toBe('(u.is_banned AND (u.banned_until IS NULL OR u.banned_until > now()))');
  });
});

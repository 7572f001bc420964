/** A user's ban as stored: the flag, and an end date for a temporary ban. */
export interface BanState {
  isBanned: boolean;
  bannedUntil: Date | null;
}

/**
 * The one ban rule: a ban applies while the flag is set and, for a temporary ban, its end has not
 * passed. A temporary ban that has run out no longer bans, even before anyone clears the flag.
 */
export function isBanActive(ban: BanState, now: Date = new Date()): boolean {
  return ban.isBanned && (ban.bannedUntil === null || ban.bannedUntil.getTime() > now.getTime());
}

/** The same rule in SQL, for queries that leave banned users out (`alias` = the users row). */
export function activeBanSql(alias: string): string {
  return `(${alias}.is_banned AND (${alias}.banned_until IS NULL OR ${alias}.banned_until > now()))`;
}

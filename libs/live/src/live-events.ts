/**
 * What the live socket (`/ws`) pushes, as `{type, data}` JSON messages. Stable strings the app
 * switches on: never rename one, only add.
 */
export const LIVE_EVENT_TYPES = [
  /** An inbox entry arrived (data: the inbox item, as GET /notifications lists it). */
  'notification',
  /** Someone I follow started a run (data: runner, session, course). */
  'friend_run_started',
  /** Someone I follow finished a run (data: runner, run, distance, time, course). */
  'friend_run_finished',
  /** Someone pushed me down a course leaderboard (data: course, who, their rank and mine). */
  'rank_taken',
  /** One of my file or Strava imports finished (data: import id, status, run id or reason). */
  'import_finished',
  /** My data export is ready to download (data: export id, download URL, expiry). */
  'export_ready',
] as const;

export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** One message on the socket. Server-only types (`ready`, `pong`, `error`) are not events. */
export interface LiveMessage {
  type: LiveEventType;
  data: Record<string, unknown>;
}

/**
 * Who gets an event: listed users, or the followers of a user (resolved by each api instance
 * against the sockets it holds, so a runner with many followers costs one small query per
 * instance, not one message per follower).
 */
export type LiveAudience = { users: string[] } | { followersOf: string };

/** What travels on the Redis channel between producers (api, worker) and every api instance. */
export interface LiveEnvelope {
  audience: LiveAudience;
  message: LiveMessage;
  /** epoch ms when published (delivery latency is measured from it) */
  publishedAt: number;
}

/** The Redis pub/sub channel of an environment (under its key prefix). */
export function liveChannel(keyPrefix: string): string {
  return `${keyPrefix}:live`;
}

/** Parses an envelope received from the channel; null for anything malformed. */
export function parseEnvelope(raw: string): LiveEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const envelope = value as Partial<LiveEnvelope> | null;
  if (!envelope || typeof envelope !== 'object' || !envelope.message || !envelope.audience) return null;
  const { message, audience } = envelope;
  if (!(LIVE_EVENT_TYPES as readonly string[]).includes(message.type as string)) return null;
  if (typeof message.data !== 'object' || message.data === null) return null;
  const users = (audience as { users?: unknown }).users;
  const followersOf = (audience as { followersOf?: unknown }).followersOf;
  const audienceOk =
    (Array.isArray(users) && users.every((id) => typeof id === 'string')) || typeof followersOf === 'string';
  if (!audienceOk) return null;
  return {
    audience: audience as LiveAudience,
    message: message as LiveMessage,
    publishedAt: typeof envelope.publishedAt === 'number' ? envelope.publishedAt : Date.now(),
  };
}

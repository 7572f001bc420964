import { Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { UserRole } from '@runvs/database';
import { AccessTokenCodec, type AccessTokenSubject, InvalidAccessToken } from '../access-token';
import { AuthStateService } from './auth-state.service';

/** The signed-in caller of a request. */
export interface AccessUser {
  id: string;
  role: UserRole;
  sessionId: string;
}

/** The outcome of checking one access token, for the guard to turn into an answer. */
export type AccessCheck =
  | { ok: true; user: AccessUser; ban: { reason: string | null } | null }
  | { ok: false; reason: 'expired' | 'invalid' | 'ended' | 'missing'; message: string };

/**
 * Checks a bearer access token on each request: the signature and claims (no I/O), then the
 * session's auth state (one Redis read, see AuthStateService). A ban is reported, not refused,
 * so the caller decides (a few routes stay open to banned users).
 */
@Injectable()
export class AccessAuthenticator {
  constructor(
    private readonly codec: AccessTokenCodec,
    private readonly state: AuthStateService,
  ) {}

  /** The token's user and session when its signature and claims are valid (no state lookup). */
  subjectOf(token: string): AccessTokenSubject | null {
    try {
      return this.codec.verify(token);
    } catch {
      return null;
    }
  }

  async authenticate(token: string, subject: AccessTokenSubject | null = null): Promise<AccessCheck> {
    let verified = subject;
    if (!verified) {
      try {
        verified = this.codec.verify(token);
      } catch (error) {
        if (!(error instanceof InvalidAccessToken)) throw error;
        return { ok: false, reason: error.reason, message: error.message };
      }
    }
    const state = await this.state.resolve(verified.userId, verified.sessionId);
    if (state.status === 'ended')
      return { ok: false, reason: 'ended', message: 'This session was signed out; sign in again.' };
    if (state.status === 'missing')
      return { ok: false, reason: 'missing', message: 'The account no longer exists.' };
    return {
      ok: true,
      user: { id: verified.userId, role: state.role, sessionId: verified.sessionId },
      ban: state.ban,
    };
  }
}

/** The access-token codec of the configured secret, shared by signing and verifying. */
export const accessTokenCodecProvider = {
  provide: AccessTokenCodec,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new AccessTokenCodec(config.auth),
};

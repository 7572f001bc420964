import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig, type AuthProvider } from '@runvs/config';
import { inTransaction, isUniqueViolation } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { SocialIdentity } from '../providers/social-identity';
import { SocialVerifiers } from '../providers/social-verifiers.service';
import { insertUser } from '../users/user-creation';
import { type TokenPair, TokenService } from './token.service';

/** `AuthResponse` of contract §2. */
export interface AuthResponse extends TokenPair {
  token_type: 'Bearer';
  user: {
    id: string;
    user_code: string;
    email: string | null;
    nickname: string | null;
    is_new_user: boolean;
  };
}

interface UserRow {
  id: string;
  user_code: string;
  email: string | null;
  nickname: string | null;
}

/** Two first logins of one identity at once: the loser re-reads the winner's account. */
class ConcurrentSignUp extends Error {}

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly verifiers: SocialVerifiers,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Social login: the provider vouches for the token (and that it was issued to our app), then the
   * (provider, provider id) pair finds the account or creates one. Accounts are never merged by
   * email across providers. The provider's token is not stored anywhere.
   */
  async login(provider: AuthProvider, token: string, nonce?: string): Promise<AuthResponse> {
    const identity = await this.verifiers.verify(provider, token, nonce);
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.dataSource, (manager) => this.signIn(manager, identity));
      } catch (error) {
        if (!(error instanceof ConcurrentSignUp) || attempt >= 3) throw error;
      }
    }
  }

  /** Email-only login for development; refused unless DEV_LOGIN_ENABLED outside production. */
  async devLogin(email: string, nickname: string): Promise<AuthResponse> {
    if (!this.config.auth.devLoginEnabled || this.config.app.isProduction) {
      throw new DomainError('DEV_ONLY', 'Dev login is only available in development.');
    }
    return inTransaction(this.dataSource, async (manager) => {
      const [existing] = (await manager.query(
        `SELECT id, user_code, email, nickname FROM users WHERE lower(email) = lower($1)
          ORDER BY created_at LIMIT 1`,
        [email],
      )) as UserRow[];
      const user = existing ?? (await insertUser(manager, { email, nickname }));
      return this.respond(manager, user, !existing);
    });
  }

  private async signIn(manager: EntityManager, identity: SocialIdentity): Promise<AuthResponse> {
    const [known] = (await manager.query(
      `SELECT u.id, u.user_code, u.email, u.nickname
         FROM social_accounts s JOIN users u ON u.id = s.user_id
        WHERE s.provider = $1 AND s.provider_id = $2`,
      [identity.provider, identity.providerId],
    )) as UserRow[];
    if (known) {
      if (identity.email) {
        await manager.query(
          `UPDATE social_accounts SET provider_email = $3 WHERE provider = $1 AND provider_id = $2`,
          [identity.provider, identity.providerId, identity.email],
        );
      }
      return this.respond(manager, known, false);
    }
    const user = await insertUser(manager, { email: identity.email });
    try {
      await manager.query(
        `INSERT INTO social_accounts (user_id, provider, provider_id, provider_email) VALUES ($1, $2, $3, $4)`,
        [user.id, identity.provider, identity.providerId, identity.email],
      );
    } catch (error) {
      if (isUniqueViolation(error, 'uq_social_accounts_provider')) throw new ConcurrentSignUp();
      throw error;
    }
    return this.respond(manager, user, true);
  }

  private async respond(manager: EntityManager, user: UserRow, isNewUser: boolean): Promise<AuthResponse> {
    const pair = await this.tokens.issuePair(manager, user.id);
    return {
      ...pair,
      token_type: 'Bearer',
      user: {
        id: user.id,
        user_code: user.user_code,
        email: user.email,
        nickname: user.nickname,
        is_new_user: isNewUser,
      },
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { UserEntity } from '@runvs/database';
import { ACCESS_TOKEN_ALGORITHM, type AccessTokenClaims, accessTokenSubject } from '@runvs/identity';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from './auth.decorators';

export const JWT_STRATEGY = 'jwt';

/** Every 401 carries the challenge (RFC 6750), so clients know to refresh and retry. */
export const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/**
 * Verifies the HS256 access token, then re-reads the user on every call so a ban or a deleted
 * account takes effect at once, even while an access token is still valid.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    let userId: string;
    try {
      userId = accessTokenSubject(claims);
    } catch {
      throw new DomainError('AUTH_EXPIRED', 'Invalid token type.', undefined, BEARER_CHALLENGE);
    }
    const user = await this.dataSource.getRepository(UserEntity).findOne({
      where: { id: userId },
      select: { id: true, role: true, isBanned: true, bannedReason: true, bannedUntil: true },
    });
    if (!user)
      throw new DomainError('AUTH_EXPIRED', 'The account no longer exists.', undefined, BEARER_CHALLENGE);
    const banActive = user.isBanned && (user.bannedUntil === null || user.bannedUntil > new Date());
    if (banActive) {
      throw new DomainError('USER_BANNED', user.bannedReason ?? 'Your account has been suspended.');
    }
    return { id: user.id, role: user.role };
  }
}

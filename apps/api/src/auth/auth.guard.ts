import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { DomainError, isDomainError } from '@runvs/common';
import { AUTH_MODE, type AuthenticatedUser, type AuthMode } from './auth.decorators';
import { BEARER_CHALLENGE, JWT_STRATEGY } from './jwt.strategy';

/**
 * Global guard: every route needs a valid access token unless marked @Public() or
 * @OptionalAuth(); @AdminOnly() also needs role admin. Failures use the contract's codes.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard(JWT_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.modeOf(context);
    if (mode === 'public') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (mode === 'optional' && !request.headers.authorization) return true;
    try {
      await super.canActivate(context);
    } catch (error) {
      // Optional routes treat a bad token as anonymous and do not check bans (contract §1).
      if (mode === 'optional') return true;
      throw error;
    }
    if (mode === 'admin') {
      const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
      if (user?.role !== 'admin') throw new DomainError('FORBIDDEN', 'Administrators only.');
    }
    return true;
  }

  override handleRequest<TUser>(
    error: unknown,
    user: TUser,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (isDomainError(error)) throw error;
    if (error || !user) {
      const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
      const expired = (info as { name?: string } | undefined)?.name === 'TokenExpiredError';
      if (!request.headers.authorization) {
        throw new DomainError('AUTH_REQUIRED', 'Sign in to continue.', undefined, BEARER_CHALLENGE);
      }
      throw new DomainError(
        'AUTH_EXPIRED',
        expired ? 'The access token has expired.' : 'The access token is invalid.',
        undefined,
        BEARER_CHALLENGE,
      );
    }
    return user;
  }

  private modeOf(context: ExecutionContext): AuthMode {
    return (
      this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'required'
    );
  }
}

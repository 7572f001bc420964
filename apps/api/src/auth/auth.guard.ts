import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@runvs/common';
import { AccessAuthenticator } from '@runvs/identity';
import { AUTH_MODE, type AuthenticatedUser, type AuthMode } from './auth.decorators';
import { type AuthRequest, bearerToken, tokenSubject } from './request-auth';

/** Every 401 carries the challenge (RFC 6750), so clients know to refresh and retry. */
export const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

type GuardedRequest = AuthRequest & { user?: AuthenticatedUser };

/**
 * Global guard: every route needs a valid access token of a live session unless marked @Public()
 * or @OptionalAuth(); @AdminOnly() also needs role admin; a banned user is refused (403
 * USER_BANNED) except on @AllowBanned() routes. The token is checked without touching
 * PostgreSQL (signature and claims, then the session's cached auth state — see AuthStateService),
 * so a ban, a role change, a logout or a deleted account applies to the very next request.
 * Failures use the contract's codes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AccessAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.modeOf(context);
    if (mode === 'public') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const token = bearerToken(request);
    if (!token) {
      if (mode === 'optional') return true;
      const message = request.headers.authorization
        ? 'The Authorization header must be "Bearer <access token>".'
        : 'Sign in to continue.';
      throw new DomainError(
        request.headers.authorization ? 'AUTH_EXPIRED' : 'AUTH_REQUIRED',
        message,
        undefined,
        BEARER_CHALLENGE,
      );
    }

    const check = await this.authenticator.authenticate(token, tokenSubject(request, this.authenticator));
    // Optional routes treat a bad token, an ended session and a banned user as anonymous (contract §1).
    if (mode === 'optional') {
      if (check.ok && !check.ban) request.user = check.user;
      return true;
    }
    if (!check.ok) throw new DomainError('AUTH_EXPIRED', check.message, undefined, BEARER_CHALLENGE);
    if (check.ban && mode !== 'allow-banned') {
      throw new DomainError('USER_BANNED', check.ban.reason ?? 'Your account has been suspended.');
    }
    if (mode === 'admin' && check.user.role !== 'admin') {
      throw new DomainError('FORBIDDEN', 'Administrators only.');
    }
    request.user = check.user;
    return true;
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

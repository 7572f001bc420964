import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { UserRole } from '@runvs/database';

/** Who made the request, as the guard loaded it: the user, their role and the session signed in. */
export interface AuthenticatedUser {
  id: string;
  role: UserRole;
  sessionId: string;
}

export type AuthMode = 'required' | 'optional' | 'public' | 'admin' | 'allow-banned';
export const AUTH_MODE = 'runvs:auth-mode';
/** The OpenAPI extension naming an operation's auth mode (absent = `required`); see openapi-document.ts. */
export const AUTH_MODE_EXTENSION = 'x-auth';

/** Sets the mode for the guard and tells the OpenAPI document (security, 401/403 answers). */
const authMode = (mode: AuthMode) =>
  applyDecorators(SetMetadata(AUTH_MODE, mode), ApiExtension(AUTH_MODE_EXTENSION, mode));

/** No token needed, none read (health, weather, public course lists…). */
export const Public = () => authMode('public');
/** A valid token personalises the answer; a missing or bad one is treated as anonymous. */
export const OptionalAuth = () => authMode('optional');
/**
 * Signed in, and open to a banned user too (who is refused everywhere else with 403 USER_BANNED):
 * only for what a ban must not take away, such as appealing it.
 */
export const AllowBanned = () => authMode('allow-banned');
/** Signed in with role admin, else 403 FORBIDDEN. */
export const AdminOnly = () => authMode('admin');

/** The signed-in user (undefined on @Public/@OptionalAuth routes without a valid token). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user,
);

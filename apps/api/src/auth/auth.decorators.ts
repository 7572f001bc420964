import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { UserRole } from '@runvs/database';

/** Who made the request, as the guard loaded it: the user, their role and the session signed in. */
export interface AuthenticatedUser {
  id: string;
  role: UserRole;
  sessionId: string;
}

export type AuthMode = 'required' | 'optional' | 'public' | 'admin' | 'allow-banned';
export const AUTH_MODE = 'runvs:auth-mode';

/** No token needed, none read (health, weather, public course lists…). */
export const Public = () => SetMetadata(AUTH_MODE, 'public' satisfies AuthMode);
/** A valid token personalises the answer; a missing or bad one is treated as anonymous. */
export const OptionalAuth = () => SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode);
/**
 * Signed in, and open to a banned user too (who is refused everywhere else with 403 USER_BANNED):
 * only for what a ban must not take away, such as appealing it.
 */
export const AllowBanned = () => SetMetadata(AUTH_MODE, 'allow-banned' satisfies AuthMode);
/** Signed in with role admin, else 403 FORBIDDEN. */
export const AdminOnly = () => SetMetadata(AUTH_MODE, 'admin' satisfies AuthMode);

/** The signed-in user (undefined on @Public/@OptionalAuth routes without a valid token). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user,
);

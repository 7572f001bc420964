export {
  ACCOUNT_DELETION_HOOKS,
  type AccountDeletionHook,
  AccountDeletionHookProvider,
} from './account/account-deletion.hook';
export { ACCOUNT_DELETED_REASON, AccountDeletionService } from './account/account-deletion.service';
export {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  AccessTokenCodec,
  type AccessTokenSubject,
  accessTokenSubject,
  InvalidAccessToken,
  signAccessToken,
  verifyAccessToken,
} from './access-token';
export { type AccessCheck, AccessAuthenticator, type AccessUser } from './auth/access-authenticator';
export { type AuthEvent, AuthStateService, type SessionAuthState } from './auth/auth-state.service';
export { activeBanSql, type BanState, isBanActive } from './auth/ban.rules';
export { type AuthResponse, AuthService } from './auth/auth.service';
export { AVATAR_SIZE, AvatarService } from './avatar/avatar.service';
export { detectImageType, type ImageType } from '@runvs/storage';
export { generateRefreshToken, hashToken, verifyTokenHash } from './auth/refresh-token';
export { type TokenPair, TokenService } from './auth/token.service';
export { IdentityModule } from './identity.module';
export { appleNonceHash } from './providers/apple.verifier';
export { JwksCache } from './providers/jwks-cache';
export type { SocialIdentity } from './providers/social-identity';
export { SocialVerifiers } from './providers/social-verifiers.service';
export { generateUserCode } from './users/user-code';
export { type CreatedUser, insertUser } from './users/user-creation';
export { type TimeZoneChangeHook, TimeZoneChangeHookProvider } from './users/time-zone-change.hook';
export { UsersService } from './users/users.service';
export type {
  FollowStatus,
  ProfileResponse,
  ProfileSetup,
  ProfileUpdate,
  PublicProfileResponse,
  SocialCounts,
  UserResponse,
  UserSearchItem,
} from './users/users.types';

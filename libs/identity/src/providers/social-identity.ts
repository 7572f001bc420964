import { DomainError } from '@runvs/common';
import type { AuthProvider } from '@runvs/config';

/** Who the provider says the token belongs to; provider tokens themselves are never kept. */
export interface SocialIdentity {
  provider: AuthProvider;
  /** The provider's stable user id (Kakao/Naver `id`, Apple/Google `sub`). */
  providerId: string;
  /** Only an address the provider vouches for; null otherwise. */
  email: string | null;
}

export interface SocialTokenVerifier {
  readonly provider: AuthProvider;
  verify(token: string, nonce?: string): Promise<SocialIdentity>;
}

/** The contract's per-provider 401 code. */
export const AUTH_FAILED_CODE = {
  kakao: 'KAKAO_AUTH_FAILED',
  apple: 'APPLE_AUTH_FAILED',
  google: 'GOOGLE_AUTH_FAILED',
  naver: 'NAVER_AUTH_FAILED',
} as const satisfies Record<AuthProvider, string>;

/** The provider's verdict that the token is not good for us: 401 with the provider's code. */
export function authFailure(provider: AuthProvider, reason: string): DomainError {
  return new DomainError(AUTH_FAILED_CODE[provider], reason, { provider });
}

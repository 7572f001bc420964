import { Module } from '@nestjs/common';
import { AuthService } from './auth/auth.service';
import { TokenService } from './auth/token.service';
import { SocialVerifiers } from './providers/social-verifiers.service';

/** Accounts: social login, tokens, profiles, stats, avatars and account deletion. */
@Module({
  providers: [SocialVerifiers, TokenService, AuthService],
  exports: [SocialVerifiers, TokenService, AuthService],
})
export class IdentityModule {}

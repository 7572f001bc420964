import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CourseStatsModule } from '@runvs/courses';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { AccountDeletionRepository } from './account/account-deletion.repository';
import { AccountDeletionService } from './account/account-deletion.service';
import { AccessAuthenticator, accessTokenCodecProvider } from './auth/access-authenticator';
import { AuthStateRepository } from './auth/auth-state.repository';
import { AuthStateService } from './auth/auth-state.service';
import { AuthService } from './auth/auth.service';
import { AvatarService } from './avatar/avatar.service';
import { TokenService } from './auth/token.service';
import { SocialVerifiers } from './providers/social-verifiers.service';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Accounts: social login, tokens, profiles, avatars and account deletion. */
@Module({
  imports: [HeatmapModule, DiscoveryModule, CourseStatsModule, EventsModule],
  providers: [
    accessTokenCodecProvider,
    AuthStateRepository,
    AuthStateService,
    AccessAuthenticator,
    SocialVerifiers,
    TokenService,
    AuthService,
    UsersRepository,
    UsersService,
    AvatarService,
    AccountDeletionRepository,
    AccountDeletionService,
  ],
  exports: [
    AccessAuthenticator,
    AuthStateService,
    SocialVerifiers,
    TokenService,
    AuthService,
    UsersService,
    AvatarService,
    AccountDeletionService,
  ],
})
export class IdentityModule {}

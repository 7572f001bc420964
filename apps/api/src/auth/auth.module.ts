import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdentityModule } from '@runvs/identity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';

/**
 * Authentication for every route (see AuthGuard; routes opt out with @Public()/@OptionalAuth()),
 * and the /auth endpoints: social login, refresh rotation, logout, dev login.
 */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { IdentityModule } from '@runvs/identity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { JwtStrategy } from './jwt.strategy';

/**
 * Authentication for every route (see AuthGuard; routes opt out with @Public()/@OptionalAuth()),
 * and the /auth endpoints: social login, refresh rotation, logout, dev login.
 */
@Module({
  imports: [PassportModule, IdentityModule],
  controllers: [AuthController],
  providers: [JwtStrategy, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}

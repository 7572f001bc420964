import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthResponse, AuthService, type TokenPair, TokenService } from '@runvs/identity';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { type AuthenticatedUser, CurrentUser, Public } from './auth.decorators';
import { DevLoginDto, LoginDto, LogoutDto, RefreshDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
  ) {}

  /** Social login (kakao, apple, google, naver); 10/min per client. */
  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimitBucket('auth')
  login(@Body() body: LoginDto): Promise<AuthResponse> {
    return this.auth.login(body.provider, body.token, body.nonce);
  }

  /** Rotates the refresh token; 10/min per client. */
  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimitBucket('auth')
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.tokens.refresh(body.refresh_token);
  }

  /** Email-only login, only when DEV_LOGIN_ENABLED and not in production (else 400 DEV_ONLY). */
  @Post('dev-login')
  @HttpCode(200)
  @Public()
  @RateLimitBucket('auth')
  devLogin(@Body() body: DevLoginDto): Promise<AuthResponse> {
    return this.auth.devLogin(body.email, body.nickname);
  }

  /** Signs out the session of `refresh_token` (when it is the caller's), or every session. */
  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: LogoutDto): Promise<{ status: 'ok' }> {
    await this.tokens.logout(user.id, user.sessionId, body.refresh_token);
    return { status: 'ok' };
  }
}

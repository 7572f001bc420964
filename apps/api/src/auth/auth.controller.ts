import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthResponse, AuthService, type TokenPair, TokenService } from '@runvs/identity';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { type AuthenticatedUser, CurrentUser, Public } from './auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { AuthResponseDto, LoggedOutDto, TokenPairDto } from './dto/auth-response.dto';
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
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors(
    [
      401,
      'APPLE_AUTH_FAILED / GOOGLE_AUTH_FAILED / KAKAO_AUTH_FAILED / NAVER_AUTH_FAILED: the provider token was refused',
    ],
    [422, 'PROVIDER_NOT_ENABLED / VALIDATION_ERROR'],
    [429, 'RATE_LIMITED'],
    [502, 'PROVIDER_ERROR: the provider answered something unusable'],
    [503, 'PROVIDER_UNAVAILABLE: the provider did not answer'],
  )
  login(@Body() body: LoginDto): Promise<AuthResponse> {
    return this.auth.login(body.provider, body.token, body.nonce);
  }

  /** Rotates the refresh token; 10/min per client. */
  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimitBucket('auth')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiErrors([401, 'AUTH_EXPIRED: unknown, used or expired refresh token'], 422, [429, 'RATE_LIMITED'])
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.tokens.refresh(body.refresh_token);
  }

  /** Email-only login, only when DEV_LOGIN_ENABLED and not in production (else 400 DEV_ONLY). */
  @Post('dev-login')
  @HttpCode(200)
  @Public()
  @RateLimitBucket('auth')
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors([400, 'DEV_ONLY: dev login is off'], 422, [429, 'RATE_LIMITED'])
  devLogin(@Body() body: DevLoginDto): Promise<AuthResponse> {
    return this.auth.devLogin(body.email, body.nickname);
  }

  /** Signs out the session of `refresh_token` (when it is the caller's), or every session. */
  @Post('logout')
  @HttpCode(200)
  @ApiOkResponse({ type: LoggedOutDto })
  @ApiErrors(422)
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: LogoutDto): Promise<{ status: 'ok' }> {
    await this.tokens.logout(user.id, user.sessionId, body.refresh_token);
    return { status: 'ok' };
  }
}

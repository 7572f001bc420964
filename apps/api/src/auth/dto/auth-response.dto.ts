import { ApiProperty } from '@nestjs/swagger';
import type { AuthResponse, TokenPair } from '@runvs/identity';
import { ApiBoolean, ApiInteger, ApiString, ApiUuid } from '../../common/api-responses';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class TokenPairDto implements TokenPair {
  @ApiString() access_token!: string;
  @ApiString({ description: 'single use: a refresh rotates it' }) refresh_token!: string;
  @ApiInteger({ description: 'seconds until the access token expires' }) expires_in!: number;
}

export class AuthUserDto {
  @ApiUuid() id!: string;
  @ApiString() user_code!: string;
  @ApiString({ nullable: true }) email!: string | null;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiBoolean({ description: 'first sign-in: the app asks for a profile' }) is_new_user!: boolean;
}

export class AuthResponseDto extends TokenPairDto implements AuthResponse {
  @ApiString({ enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty({ type: AuthUserDto }) user!: AuthUserDto;
}

export class LoggedOutDto {
  @ApiString({ enum: ['ok'] }) status!: 'ok';
}

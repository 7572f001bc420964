import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTH_PROVIDERS, type AuthProvider } from '@runvs/config';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class LoginDto {
  @ApiProperty({ enum: AUTH_PROVIDERS })
  @IsIn(AUTH_PROVIDERS)
  provider!: AuthProvider;

  @ApiProperty({ description: 'Kakao/Naver: the provider access token; Apple/Google: the id token' })
  @IsString()
  @MinLength(1)
  @MaxLength(8192)
  token!: string;

  @ApiPropertyOptional({
    description:
      'Apple: required — the raw nonce the app generated; the id token must carry its SHA-256 (hex). ' +
      'Ignored for the other providers',
  })
  @ValidateIf((body: LoginDto) => body.provider === 'apple' || body.nonce !== undefined)
  @IsString()
  @Length(1, 512)
  nonce?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token!: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Sign out this refresh token only; without it, every session' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token?: string;
}

export class DevLoginDto {
  @ApiPropertyOptional({ default: 'dev_user' })
  @IsOptional()
  @IsString()
  @Length(2, 12)
  nickname: string = 'dev_user';

  @ApiPropertyOptional({ default: 'dev@runcrew.test' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email: string = 'dev@runcrew.test';
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DevicePlatform } from '@runvs/database';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

const PLATFORMS: DevicePlatform[] = ['ios', 'android'];

export class RegisterDeviceTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 4096, description: 'FCM registration token' })
  @IsString()
  @Length(1, 4096)
  device_token!: string;

  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS)
  platform!: DevicePlatform;
}

/** Only `device_token` is needed (contract decision 8); `platform` is accepted and ignored. */
export class UnregisterDeviceTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 4096 })
  @IsString()
  @Length(1, 4096)
  device_token!: string;

  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: DevicePlatform;
}

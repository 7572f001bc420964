import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Gender } from '@runvs/database';
import { isValidTimeZone } from '@runvs/geo';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** No control characters, no leading/trailing blanks (trimmed first). */
const PRINTABLE = /^[^\p{C}]*$/u;

/** A real calendar date `YYYY-MM-DD` between 1900-01-01 and today. */
function IsBirthday(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBirthday',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return (
            !Number.isNaN(date.getTime()) &&
            date.toISOString().slice(0, 10) === value &&
            value >= '1900-01-01' &&
            date.getTime() <= Date.now()
          );
        },
        defaultMessage: () => '$property must be a past date YYYY-MM-DD (from 1900-01-01)',
      },
    },
    options,
  );
}

function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= 64 && isValidTimeZone(value),
        defaultMessage: () => '$property must be an IANA time zone such as Asia/Seoul',
      },
    },
    options,
  );
}

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class ProfileSetupDto {
  @ApiProperty({ minLength: 2, maxLength: 12 })
  @Transform(trim)
  @IsString()
  @Length(2, 12)
  @Matches(PRINTABLE, { message: 'nickname must not contain control characters' })
  nickname!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  avatar_url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  country?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  activity_region?: string | null;
}

/**
 * Every field optional. `null` is ignored except for gender, country and crew_name, which it
 * clears (contract §3). `time_zone` (IANA) is our addition: streaks and weeks are counted in it.
 */
export class ProfileUpdateDto {
  @ApiPropertyOptional({ type: String, nullable: true, minLength: 2, maxLength: 12 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 12)
  @Matches(PRINTABLE, { message: 'nickname must not contain control characters' })
  nickname?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  avatar_url?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1990-05-17' })
  @IsOptional()
  @IsBirthday()
  birthday?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, enum: ['male', 'female', 'other'] })
  @IsOptional()
  @IsIn(['male', 'female', 'other'])
  gender?: Gender | null;

  @ApiPropertyOptional({ type: 'number', nullable: true, minimum: 50, maximum: 300 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(50)
  @Max(300)
  height_cm?: number | null;

  @ApiPropertyOptional({ type: 'number', nullable: true, minimum: 20, maximum: 500 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(20)
  @Max(500)
  weight_kg?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(30)
  @Matches(/^[A-Za-z0-9._]*$/, { message: 'instagram_username may contain letters, digits, . and _' })
  instagram_username?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  activity_region?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  country?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  crew_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Asia/Seoul' })
  @IsOptional()
  @IsTimeZone()
  time_zone?: string | null;
}

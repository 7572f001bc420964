import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BanAppealDecision, BanAppealStatus } from '@runvs/admin';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { PageOf } from '../common/api-responses';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class BanAppealBodyDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, description: 'why the suspension should be lifted' })
  @Transform(trim)
  @IsString()
  @Length(10, 1000)
  message!: string;
}

export class BanAppealsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'upheld', 'lifted', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'upheld', 'lifted', 'all'])
  status: BanAppealStatus | 'all' = 'pending';
}

export class AnswerBanAppealDto {
  @ApiProperty({ enum: ['uphold', 'lift'], description: 'lift lifts the suspension the appeal is about' })
  @IsIn(['uphold', 'lift'])
  decision!: BanAppealDecision;

  @ApiPropertyOptional({
    type: String,
    maxLength: 1000,
    nullable: true,
    description: 'told to the runner with the decision',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  response?: string | null;
}

class AppealedBanDto {
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) banned_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) banned_until!: string | null;
}

export class BanAppealDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending', 'upheld', 'lifted'] }) status!: BanAppealStatus;
  @ApiProperty() message!: string;
  @ApiProperty({ type: AppealedBanDto }) ban!: AppealedBanDto;
  @ApiProperty({ type: String, nullable: true }) response!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answered_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

class AppealUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() user_code!: string;
  @ApiProperty({ type: String, nullable: true }) nickname!: string | null;
  @ApiProperty({ type: String, nullable: true }) avatar_url!: string | null;
  @ApiProperty({ description: 'banned right now' }) is_banned!: boolean;
}

export class AdminBanAppealDto extends BanAppealDto {
  @ApiProperty({ type: AppealUserDto }) user!: AppealUserDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) answered_by_id!: string | null;
}

export class AdminBanAppealPageDto extends PageOf(AdminBanAppealDto) {}

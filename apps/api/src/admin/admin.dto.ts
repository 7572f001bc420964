import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FlagReviewFilter } from '@runvs/admin';
import type { ReportStatus, ReportTargetType, UserRole } from '@runvs/database';
import { Transform } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value === undefined ? undefined : 'invalid';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

export class AdminUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'nickname, email or user code (contained); or the exact id' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: ['user', 'admin'] })
  @IsOptional()
  @IsIn(['user', 'admin'])
  role?: UserRole;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'banned must be true or false' })
  banned?: boolean;
}

export class BanUserDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'shown to the user in the 403 USER_BANNED message',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'a temporary ban ends then; absent = until unbanned',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && ISO_WITH_OFFSET.test(value)
      ? new Date(value)
      : value === null
        ? null
        : 'invalid',
  )
  @IsDate({ message: 'until must be an ISO 8601 date-time with an offset' })
  until?: Date | null;
}

export class SetRoleDto {
  @ApiProperty({ enum: ['user', 'admin'] })
  @IsIn(['user', 'admin'])
  role!: UserRole;
}

export class AdminCoursesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'hidden must be true or false' })
  hidden?: boolean;
}

export class HideCourseDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class FlaggedRunsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'confirmed', 'dismissed'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'confirmed', 'dismissed'])
  status: FlagReviewFilter = 'pending';
}

export class ReportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'dismissed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'dismissed', 'all'])
  status: ReportStatus | 'all' = 'open';

  @ApiPropertyOptional({ enum: ['course', 'review', 'user'] })
  @IsOptional()
  @IsIn(['course', 'review', 'user'])
  target_type?: ReportTargetType;
}

export class ResolveReportDto {
  @ApiProperty({
    enum: ['resolved', 'dismissed'],
    description: 'resolved = acted upon; dismissed = unfounded',
  })
  @IsIn(['resolved', 'dismissed'])
  status!: 'resolved' | 'dismissed';

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import type { InboxItem, InboxPage } from '@runvs/notifications';
import { ApiBoolean, ApiDateTime, ApiInteger, ApiString, ApiUuid, PageOf } from '../../common/api-responses';
import { UserSummaryDto } from '../../common/user-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class InboxItemDto implements InboxItem {
  @ApiUuid() id!: string;
  @ApiString({ description: 'the notification type (new_follower, overtaken, …)' }) type!: string;
  @ApiProperty({ type: UserSummaryDto, nullable: true, description: 'null for system notifications' })
  actor!: UserSummaryDto | null;
  @ApiString({ nullable: true }) target_id!: string | null;
  @ApiString({ nullable: true }) target_type!: string | null;
  @ApiString({ nullable: true }) title!: string | null;
  @ApiString({ nullable: true }) body!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data!: Record<
    string,
    unknown
  > | null;
  @ApiBoolean() is_read!: boolean;
  @ApiDateTime() created_at!: Date;
}

export class InboxPageDto extends PageOf(InboxItemDto) implements InboxPage {
  @ApiInteger() unread_count!: number;
}

export class StatusOkDto {
  @ApiString({ enum: ['ok'] }) status!: 'ok';
}

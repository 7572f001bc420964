import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/api-responses';
import { UserSummaryDto } from '../../common/user-summary.dto';

export class FriendRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: UserSummaryDto }) requester!: UserSummaryDto;
  @ApiProperty({ type: UserSummaryDto }) recipient!: UserSummaryDto;
  @ApiProperty({ enum: ['pending', 'accepted'] }) status!: 'pending' | 'accepted';
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: Date;
}

export class FriendRequestPageDto extends PageOf(FriendRequestDto) {}

export class FriendDto {
  @ApiProperty({ format: 'uuid', description: 'the friendship (accepted request) id' }) id!: string;
  @ApiProperty({ type: UserSummaryDto }) user!: UserSummaryDto;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the request was accepted' })
  since!: Date;
}

export class FriendPageDto extends PageOf(FriendDto) {}

export class FriendshipStatusDto {
  @ApiProperty() is_friend!: boolean;
  @ApiProperty({ enum: ['pending_sent', 'pending_received', 'accepted'], nullable: true, type: String })
  request_status!: 'pending_sent' | 'pending_received' | 'accepted' | null;
  @ApiProperty({ description: "the user's number of friends" }) friends_count!: number;
}

export class CountDto {
  @ApiProperty() count!: number;
}

import { ApiProperty } from '@nestjs/swagger';

/** Users as friend screens show them. */
export class FriendUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) nickname!: string | null;
  @ApiProperty({ type: String, nullable: true }) avatar_url!: string | null;
}

export class FriendRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: FriendUserDto }) requester!: FriendUserDto;
  @ApiProperty({ type: FriendUserDto }) recipient!: FriendUserDto;
  @ApiProperty({ enum: ['pending', 'accepted'] }) status!: 'pending' | 'accepted';
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: Date;
}

export class FriendRequestPageDto {
  @ApiProperty({ type: [FriendRequestDto] }) data!: FriendRequestDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty() has_next!: boolean;
}

export class FriendDto {
  @ApiProperty({ format: 'uuid', description: 'the friendship (accepted request) id' }) id!: string;
  @ApiProperty({ type: FriendUserDto }) user!: FriendUserDto;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the request was accepted' })
  since!: Date;
}

export class FriendPageDto {
  @ApiProperty({ type: [FriendDto] }) data!: FriendDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty() has_next!: boolean;
}

export class FriendshipStatusDto {
  @ApiProperty() is_friend!: boolean;
  @ApiProperty({ enum: ['pending_sent', 'pending_received', 'accepted'], nullable: true, type: String })
  request_status!: 'pending_sent' | 'pending_received' | 'accepted' | null;
  @ApiProperty({ description: "the user's number of friends" }) friends_count!: number;
}

export class CountDto {
  @ApiProperty() count!: number;
}

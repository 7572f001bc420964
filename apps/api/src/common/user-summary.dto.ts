import { ApiString, ApiUuid } from './api-responses';

/**
 * A runner as lists and cards show them (`{id, nickname, avatar_url}`); extend it for a card that
 * shows more (boards add crew and level).
 */
export class UserSummaryDto {
  @ApiUuid() id!: string;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiString({ nullable: true }) avatar_url!: string | null;
}

/** The same runner inside a row about something else (a participation, a block, a feed item): `user_id`. */
export class UserRefDto {
  @ApiUuid() user_id!: string;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiString({ nullable: true }) avatar_url!: string | null;
}

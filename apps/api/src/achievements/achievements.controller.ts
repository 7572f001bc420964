import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  type AchievementProgress,
  type AchievementsView,
  AchievementsService,
  type EarnedAchievement,
} from '@runvs/achievements';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';

class EarnedAchievementDto implements EarnedAchievement {
  @ApiProperty({ description: 'stable code, e.g. first_10k, streak_30, took_back_first_place' })
  code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'when the run that earned it finished' }) earned_at!: string;
  @ApiProperty({ type: String, nullable: true }) run_record_id!: string | null;
}

class AchievementProgressDto implements AchievementProgress {
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'where the runner is (capped at target)' }) current!: number;
  @ApiProperty() target!: number;
}

class AchievementsViewDto implements AchievementsView {
  @ApiProperty({ type: [EarnedAchievementDto], description: 'earned, oldest first' })
  data!: EarnedAchievementDto[];
  @ApiProperty({ type: [AchievementProgressDto], description: 'per kind, the next one to earn' })
  next!: AchievementProgressDto[];
}

/** Achievements a runner earned, and progress toward the next of each kind. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class AchievementsController {
  constructor(private readonly achievements: AchievementsService) {}

  @Get('me/achievements')
  @ApiOkResponse({ type: AchievementsViewDto })
  @ApiErrors(401)
  mine(@CurrentUser() user: AuthenticatedUser): Promise<AchievementsView> {
    return this.achievements.list(user.id, user.id);
  }

  @Get(':id/achievements')
  @ApiOkResponse({ type: AchievementsViewDto })
  @ApiErrors(401, [404, 'no such user, or one of us blocked the other'], 422)
  ofUser(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<AchievementsView> {
    return this.achievements.list(id, user.id);
  }
}

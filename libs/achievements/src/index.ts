export { AchievementsModule } from './achievements.module';
export {
  ACHIEVEMENT_RULES,
  type AchievementMetric,
  type AchievementProgress,
  type AchievementRule,
} from './achievements.rules';
export {
  type AchievementsView,
  AchievementsService,
  type AwardingRun,
  type EarnedAchievement,
} from './achievements.service';

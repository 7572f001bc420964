import { Injectable } from '@nestjs/common';
import { notFound, type Page, toPage } from '@runvs/common';
import {
  addDays,
  comparedToLastWeekPercent,
  estimateCalories,
  knownTimeZone,
  localDateKey,
  periodStart,
  reportDailyStreaks,
  runHistoryPreview,
  startOfLocalDate,
  weekRange,
} from '@runvs/geo';
import { RunnerStatsRepository } from './runner-stats.repository';
import { storedStreak } from './runner-totals.repository';
import {
  averagePace,
  BEST_EFFORT_DISTANCES,
  bestEfforts,
  type EffortCandidate,
  estimatedEffortSeconds,
  labelForEffortKey,
  weeklySeries,
} from './runner-stats.rules';
import type {
  AnalyticsResponse,
  MyCourseItem,
  RunHistoryItem,
  RunsQuery,
  StatsPeriod,
  UserStats,
  WeeklyStats,
} from './runner-stats.types';

const DAY_MS = 86_400_000;
const MONTHLY_DISTANCE_DAYS = 180;
const ANALYTICS_WEEKS = 12;
const PACE_TREND_RUNS = 30;
const CALENDAR_DAYS = 90;

/**
 * A runner's own statistics, computed from run_records (totals by SQL, weeks and months in the
 * user's time zone) but for the daily streak, which the run pipeline keeps on the runner's row
 * (`users.streak_*`, RunnerTotalsRepository) and which is only reported here: the current streak
 * counts while its last date is today or yesterday in the user's zone. Only counted runs
 * (`runCounts`: running activities, not flagged) are in any of them (algorithms.md §4/§8.3).
 */
@Injectable()
export class RunnerStatsService {
  constructor(private readonly stats: RunnerStatsRepository) {}

  async userStats(userId: string, period: StatsPeriod, now = new Date()): Promise<UserStats> {
    const user = await this.loadUser(userId);
    const [aggregate, figures, monthly] = await Promise.all([
      this.stats.aggregate(userId, periodStart(period, now)),
      this.stats.courseFigures(userId),
      this.stats.monthlyDistance(
        userId,
        user.time_zone,
        new Date(now.getTime() - MONTHLY_DISTANCE_DAYS * DAY_MS),
      ),
    ]);
    const streaks = reportDailyStreaks(storedStreak(user), now, knownTimeZone(user.time_zone));
    const estimated = estimateCalories({
      distanceMeters: aggregate.unknown_distance,
      movingSeconds: aggregate.unknown_duration,
      elevationGainMeters: aggregate.unknown_gain,
      weightKg: user.weight_kg,
    });
    return {
      total_distance_meters: Math.round(aggregate.distance),
      total_duration_seconds: Math.round(aggregate.duration),
      total_runs: aggregate.runs,
      avg_pace_seconds_per_km: averagePace(aggregate.duration, aggregate.distance),
      avg_distance_per_run_meters: aggregate.runs > 0 ? Math.floor(aggregate.distance / aggregate.runs) : 0,
      best_pace_seconds_per_km: aggregate.best_pace,
      longest_run_meters: aggregate.longest,
      total_elevation_gain_meters: Math.round(aggregate.gain),
      estimated_calories:
        Math.round(aggregate.calories_known) + (aggregate.unknown_distance > 0 ? estimated : 0),
      current_streak_days: streaks.current,
      best_streak_days: streaks.best,
      ...figures,
      monthly_distance: monthly.map((month) => ({
        ...month,
        distance_meters: Math.round(month.distance_meters),
      })),
    };
  }

  /** This local week (Monday 00:00 in the user's zone) against the one before. */
  async weekly(userId: string, now = new Date()): Promise<WeeklyStats> {
    const user = await this.loadUser(userId);
    const weeks = weekRange(now, user.time_zone);
    const [thisWeek, lastWeek] = await Promise.all([
      this.stats.windowTotals(userId, weeks.thisWeekStart, weeks.nextWeekStart),
      this.stats.windowTotals(userId, weeks.lastWeekStart, weeks.thisWeekStart),
    ]);
    return {
      total_distance_meters: Math.round(thisWeek.distance),
      total_duration_seconds: Math.round(thisWeek.duration),
      run_count: thisWeek.runs,
      avg_pace_seconds_per_km: averagePace(thisWeek.duration, thisWeek.distance),
      compared_to_last_week_percent: comparedToLastWeekPercent(thisWeek.distance, lastWeek.distance),
    };
  }

  async analytics(userId: string, now = new Date()): Promise<AnalyticsResponse> {
    const user = await this.loadUser(userId);
    const zone = user.time_zone;
    const weeks = weekRange(now, zone);
    const thisMonday = localDateKey(weeks.thisWeekStart, zone);
    const firstMonday = addDays(thisMonday, -7 * (ANALYTICS_WEEKS - 1));
    const calendarStart = addDays(localDateKey(now, zone), -(CALENDAR_DAYS - 1));
    const targets = BEST_EFFORT_DISTANCES.map(({ label, meters }) => ({ label, meters }));
    const [weekly, paces, calendar, thisWeek, paceRuns, measured] = await Promise.all([
      this.stats.weeklyTotals(userId, zone, new Date(startOfLocalDate(firstMonday, zone))),
      this.stats.recentPaces(userId, PACE_TREND_RUNS),
      this.stats.dailyTotals(userId, zone, new Date(startOfLocalDate(calendarStart, zone))),
      this.stats.windowTotals(userId, weeks.thisWeekStart, weeks.nextWeekStart),
      this.stats.bestAveragePaceRuns(userId, zone, targets),
      this.stats.measuredEfforts(userId, zone),
    ]);
    const candidates: EffortCandidate[] = [
      ...paceRuns.map((run) => ({
        label: run.label as EffortCandidate['label'],
        seconds: estimatedEffortSeconds(run.meters, run.avg_pace),
        runId: run.run_id,
        achievedDate: run.achieved_date,
      })),
      ...measured.flatMap((effort) => {
        const label = labelForEffortKey(effort.key);
        return label
          ? [{ label, seconds: effort.seconds, runId: effort.run_id, achievedDate: effort.achieved_date }]
          : [];
      }),
    ];
    return {
      weekly_stats: weeklySeries(
        firstMonday,
        ANALYTICS_WEEKS,
        new Map(
          weekly.map((week) => [
            week.week_start,
            {
              distance_meters: Math.round(week.distance_meters),
              run_count: week.run_count,
              duration_seconds: Math.round(week.duration_seconds),
            },
          ]),
        ),
      ),
      pace_trend: paces.reverse().map((run) => ({
        date: run.finished_at.toISOString(),
        avg_pace: run.avg_pace,
        distance_meters: run.distance_meters,
      })),
      activity_calendar: calendar.map((day) => ({
        ...day,
        distance_meters: Math.round(day.distance_meters),
      })),
      best_efforts: bestEfforts(candidates),
      weekly_goal_km: user.weekly_goal_km,
      weekly_current_km: Math.round(thisWeek.distance / 10) / 100,
    };
  }

  async runs(userId: string, query: RunsQuery): Promise<Page<RunHistoryItem>> {
    const [rows, total] = await Promise.all([this.stats.runPage(userId, query), this.stats.runCount(userId)]);
    const data = rows.map((row): RunHistoryItem => ({
      id: row.id,
      activity_type: row.activity_type,
      distance_meters: row.distance_meters,
      duration_seconds: row.duration_seconds,
      avg_pace_seconds_per_km: row.avg_pace_seconds_per_km,
      elevation_gain_meters: row.elevation_gain_meters,
      started_at: row.started_at.toISOString(),
      finished_at: row.finished_at.toISOString(),
      course:
        row.course_id && row.course_title !== null && row.course_distance !== null
          ? { id: row.course_id, title: row.course_title, distance_meters: row.course_distance }
          : null,
      device_model: row.device_model,
      route_preview: Array.isArray(row.route_preview)
        ? (row.route_preview as Array<[number, number]>)
        : runHistoryPreview(row.preview_geojson?.coordinates as Array<[number, number]> | undefined),
      goal_data: row.goal_data,
    }));
    return toPage(data, total, { page: query.page, perPage: query.perPage });
  }

  async myCourses(userId: string): Promise<MyCourseItem[]> {
    const rows = await this.stats.myCourses(userId);
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      distance_meters: row.distance_meters,
      thumbnail_url: row.thumbnail_url,
      is_public: row.is_public,
      course_type: row.course_type,
      lap_count: row.lap_count,
      created_at: row.created_at.toISOString(),
      stats: {
        total_runs: row.total_runs,
        unique_runners: row.unique_runners,
        avg_pace_seconds_per_km: row.avg_pace_seconds_per_km,
      },
    }));
  }

  private async loadUser(userId: string) {
    const user = await this.stats.runner(userId);
    if (!user) throw notFound('User');
    return user;
  }
}

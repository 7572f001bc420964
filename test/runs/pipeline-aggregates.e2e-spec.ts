import type { INestApplication } from '@nestjs/common';
import { AdminRunsService } from '@runvs/admin';
import { seededRandom } from '@runvs/common';
import { countedRunSql } from '@runvs/database';
import { UsersService } from '@runvs/identity';
import { dailyStreaks, reportDailyStreaks } from '@runvs/geo';
import { AggregatesReconciliationService, RunPipelineService, RunRecordsService } from '@runvs/runs';
import { createCourse, createRun, createUser, lineFrom, startApi, testConfig } from '@runvs/testing';
import { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;

interface StreakRow {
  id: string;
  time_zone: string;
  streak_last_date: string | null;
  streak_current_days: number;
  streak_best_days: number;
}

/** Every aggregate the pipeline keeps as an increment, as rows comparable with toEqual. */
async function aggregates(dataSource: DataSource, userIds: string[], courseIds: string[]) {
  return {
    users: await dataSource.query(
      `SELECT id, total_distance_meters::text, total_duration_seconds::text, total_runs, total_points, runner_level,
              time_zone, streak_last_date::text, streak_current_days, streak_best_days
         FROM users WHERE id = ANY($1) ORDER BY id`,
      [userIds],
    ),
    boards: await dataSource.query(
      `SELECT course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, run_count,
              achieved_at, ranking_position(course_id, best_duration_seconds, achieved_at, user_id) AS rank
         FROM rankings WHERE course_id = ANY($1) ORDER BY course_id, user_id`,
      [courseIds],
    ),
    courseStats: await dataSource.query(
      `SELECT course_id, total_runs, unique_runners, total_attempts, avg_duration_seconds, avg_pace_seconds_per_km,
              best_duration_seconds, best_pace_seconds_per_km, round(completion_rate::numeric, 5)::text AS completion_rate,
              runs_by_hour, sum_duration_seconds::text
         FROM course_stats WHERE course_id = ANY($1) ORDER BY course_id`,
      [courseIds],
    ),
    difficulty: await dataSource.query(
      `SELECT id, difficulty, difficulty_score FROM courses WHERE id = ANY($1) ORDER BY id`,
      [courseIds],
    ),
    events: await dataSource.query(
      `SELECT event_id, user_id, progress_distance_meters, progress_runs, completed
         FROM event_participants WHERE user_id = ANY($1) ORDER BY event_id, user_id`,
      [userIds],
    ),
  };
}

describe('run pipeline: incremental aggregates equal a full recount (property, real Postgres)', () => {
  let app: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await startApi(testConfig());
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([11, 23, 47])(
    'a randomised history (seed %i) of completions, replays, deletions, admin verdicts and time zone moves',
    async (seed) => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const pipeline = app.get(RunPipelineService);
      const records = app.get(RunRecordsService);
      const admin = app.get(AdminRunsService);
      const profiles = app.get(UsersService);

      const zones = ['Asia/Seoul', 'America/Los_Angeles', 'UTC', 'Pacific/Kiritimati'];
      const users = await Promise.all(
        Array.from({ length: 6 }, (_, i) => createUser(dataSource, { timeZone: zones[i % zones.length] })),
      );
      const userIds = users.map((user) => user.id);
      const lines = [0, 1].map((i) => lineFrom([127.0 + seed * 0.01 + i * 0.02, 37.5], 41, 25));
      const courseIds = [
        await createCourse(dataSource, userIds[0], { coordinates: lines[0], distanceMeters: 1000 }),
        await createCourse(dataSource, userIds[1], { coordinates: lines[1], distanceMeters: 1000 }),
      ];
      const offCourse = lineFrom([127.0 + seed * 0.01, 37.52], 41, 25, 90);
      const events = (await dataSource.query(
        `INSERT INTO events (title, starts_at, ends_at, target_distance_meters, target_runs, course_id) VALUES
         ('Distance', now() - interval '20 days', now() + interval '1 day', 8000, NULL, NULL),
         ('Three on A', now() - interval '20 days', now() + interval '1 day', NULL, 3, $1::uuid),
         ('Last days', now() - interval '5 days', now() + interval '1 day', NULL, NULL, NULL)
       RETURNING id`,
        [courseIds[0]],
      )) as Array<{ id: string }>;
      for (const event of events) {
        for (const userId of userIds.filter(() => random() < 0.7)) {
          await dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [
            event.id,
            userId,
          ]);
        }
      }

      const historyEnd = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const live: Array<{ id: string; userId: string }> = [];
      // Every random draw of a run happens before its first await, and runs join `live` in the order
      // they were drawn: concurrent inserts finish in any order, and the history must not follow them.
      const newRun = async () => {
        const userId = pick(userIds);
        const where = random();
        const courseIndex = where < 0.75 ? (where < 0.45 ? 0 : 1) : null;
        const onLine = random() < 0.8;
        const values = {
          courseId: courseIndex === null ? null : courseIds[courseIndex],
          coordinates: courseIndex !== null && onLine ? lines[courseIndex] : offCourse,
          // few distinct times, so ties on the board happen
          durationSeconds: pick([240, 250, 250, 260, 300]),
          distanceMeters: 900 + Math.floor(random() * 3_000),
          // Counted back from today's UTC midnight, not from the clock: the runs' local dates (and so
          // the streaks this history builds) do not depend on the hour the suite runs at.
          finishedAt: new Date(historyEnd - Math.floor(random() * 10 * DAY_MS)),
          isFlagged: random() < 0.15,
          pipelinePending: true,
        };
        const isRide = random() < 0.1;
        const id = await createRun(dataSource, userId, values);
        // Now and then a ride: stored, never counted.
        if (isRide)
          await dataSource.query(`UPDATE run_records SET activity_type = 'ride' WHERE id = $1`, [id]);
        return { id, userId };
      };
      /** An admin's verdict on a counted (pipeline-done) run: a flag dismissed or confirmed, an effort excluded or put back. */
      const verdict = async () => {
        const counted = (await dataSource.query(
          `SELECT id, course_id, board_excluded_at IS NOT NULL AS excluded FROM run_records
            WHERE id = ANY($1::uuid[]) AND pipeline_completed_at IS NOT NULL`,
          [live.map((run) => run.id)],
        )) as Array<{ id: string; course_id: string | null; excluded: boolean }>;
        // Picked in `live` order, not by the random uuids, so a seed always judges the same run.
        const order = new Map(live.map((run, index) => [run.id, index]));
        counted.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        const run = counted[Math.floor(random() * live.length)];
        if (!run) return;
        const roll = random();
        if (run.course_id && roll < 0.3) {
          if (run.excluded) await admin.includeEffort(run.id);
          else await admin.excludeEffort(userIds[0], run.id, 'reported');
        } else if (roll < 0.65) await admin.unflag(userIds[0], run.id);
        else await admin.confirm(userIds[0], run.id);
      };

      for (let step = 0; step < 18; step++) {
        const roll = random();
        if (roll > 0.8 && live.length > 0) {
          // A verdict recounts what it changed; later increments build on that.
          await verdict();
          continue;
        }
        if (roll > 0.75) {
          // A runner moves to another time zone: the local dates of their runs move with it.
          await profiles.updateProfile(pick(userIds), { time_zone: pick(zones) });
          continue;
        }
        if (roll < 0.15 && live.length > 0) {
          // A deletion recomputes what the run touched; later increments build on that.
          const [gone] = live.splice(Math.floor(random() * live.length), 1);
          await records.delete(gone.userId, gone.id);
          continue;
        }
        // A few completions at once (the same runner included), some delivered twice.
        const batch = await Promise.all(Array.from({ length: 1 + Math.floor(random() * 3) }, newRun));
        live.push(...batch);
        const deliveries = batch.flatMap(({ id }) => (random() < 0.3 ? [id, id] : [id]));
        await Promise.all(deliveries.map((id) => pipeline.process(id)));
      }

      const incremental = await aggregates(dataSource, userIds, courseIds);
      expect(incremental.boards.length).toBeGreaterThan(0);
      // The kept streak reads as what §8.3 computes from all the runner's counted runs (the stats' old way).
      const now = new Date();
      for (const user of incremental.users as StreakRow[]) {
        const finishes = (
          (await dataSource.query(
            `SELECT finished_at FROM run_records WHERE user_id = $1 AND ${countedRunSql()}`,
            [user.id],
          )) as Array<{ finished_at: Date }>
        ).map((row) => row.finished_at);
        const kept =
          user.streak_last_date === null
            ? null
            : {
                lastDate: user.streak_last_date,
                current: user.streak_current_days,
                best: user.streak_best_days,
              };
        expect(reportDailyStreaks(kept, now, user.time_zone)).toEqual(
          dailyStreaks(finishes, now, user.time_zone),
        );
      }
      expect((incremental.users as StreakRow[]).some((user) => user.streak_best_days > 1)).toBe(true);
      const report = await app.get(AggregatesReconciliationService).reconcile();
      expect(await aggregates(dataSource, userIds, courseIds)).toEqual(incremental);
      expect(report.drifted).toBe(0);
    },
    // A history is ~100 pipeline runs: minutes on a CI box at load average 20, seconds when quiet.
    300_000,
  );
});

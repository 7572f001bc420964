import type { Type } from '@nestjs/common';
import { DomainError, seededRandom } from '@runvs/common';
import { CoursesService } from '@runvs/courses';
import { EventsService } from '@runvs/events';
import { insertUser, UsersService } from '@runvs/identity';
import { OutboxService } from '@runvs/queue';
import { RunRecordsService } from '@runvs/runs';
import { FollowsService, ReviewsService } from '@runvs/social';
import { DataSource } from 'typeorm';
import { courseLine, gaussian, lineLength, type LngLat, partOfLine, pick, trackAlong } from './demo-tracks';
import {
  BIOS,
  CREWS,
  DISTRICTS,
  type DemoCourse,
  GIVEN_NAMES,
  NICKNAME_FIRST,
  NICKNAME_SECOND,
  REVIEWS,
  SEOUL_COURSES,
  SURNAMES,
} from './seoul';

/** Every demo account's email is under this domain: that is how demo data is recognised. */
export const DEMO_EMAIL_DOMAIN = 'demo.runvs.app';
export const DEMO_ORGANIZER_EMAIL = `organizer@${DEMO_EMAIL_DOMAIN}`;

export interface DemoSeedOptions {
  runners: number;
  runs: number;
  /** how far back the run history goes */
  days: number;
  /** seconds between GPS fixes of the generated tracks */
  intervalS: number;
  seed: number;
  /** runs created at once (each in its own transaction, as the api would) */
  concurrency: number;
  log?: (line: string) => void;
}

export const DEFAULT_DEMO_OPTIONS: DemoSeedOptions = {
  runners: 250,
  runs: 2000,
  days: 42,
  intervalS: 2,
  seed: 2026,
  concurrency: 4,
};

export interface DemoSeedResult {
  skipped: boolean;
  runners: number;
  courses: number;
  runs: number;
  follows: number;
  reviews: number;
  events: number;
  participations: number;
}

interface Runner {
  id: string;
  nickname: string;
  district: string;
  /** average pace (s/km) on flat ground */
  pace: number;
  /** relative share of the runs */
  activity: number;
  /** runs every day for the last stretch */
  streaker: boolean;
  homeCourses: number[];
}

interface SeededCourse {
  id: string;
  index: number;
  course: DemoCourse;
  line: LngLat[];
  lengthM: number;
}

interface PlannedRun {
  runner: Runner;
  course: SeededCourse;
  onCourse: boolean;
  finishBy: Date;
}

/** What the seeder needs from a Nest application (the seed script's context or a test's api). */
export interface ServiceLocator {
  get<T>(type: Type<T>): T;
}

const SEOUL_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * `npm run seed:demo`: a believable Seoul. Runners (accounts under @demo.runvs.app), courses along
 * real routes published from their creators' runs, follows, events and their participants, then
 * thousands of runs created exactly as the app's complete does (`RunRecordsService.createFromTrack`
 * in an outbox transaction), so the worker matches, ranks and counts them — boards, stats, streaks,
 * events, feed, heatmap, achievements and distance boards all come from the real pipeline — and
 * finally reviews of the courses people ran. Nothing aggregate is written here.
 *
 * Idempotent: when demo accounts exist already it does nothing (`skipped`).
 */
export class DemoSeeder {
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private readonly dataSource: DataSource;

  constructor(
    private readonly app: ServiceLocator,
    private readonly options: DemoSeedOptions,
  ) {
    this.random = seededRandom(options.seed);
    this.log = options.log ?? (() => undefined);
    this.dataSource = app.get(DataSource);
  }

  async seed(): Promise<DemoSeedResult> {
    const existing = await demoRunnerCount(this.dataSource);
    if (existing > 0) {
      this.log(`demo data is already there (${existing} demo accounts): nothing to do`);
      return { skipped: true, ...(await demoCounts(this.dataSource)) };
    }
    const organizer = await this.createUser(DEMO_ORGANIZER_EMAIL, 'RUNVS데모운영팀');
    await this.app.get(UsersService).updateProfile(organizer, {
      bio: 'RUNVS 데모 데이터의 이벤트 운영 계정입니다. (데모)',
      country: 'KR',
      activity_region: '서울',
      time_zone: 'Asia/Seoul',
    });
    const runners = await this.createRunners();
    this.log(`${runners.length} runners`);
    const courses = await this.createCourses(runners);
    this.log(`${courses.length} courses`);
    for (const runner of runners) runner.homeCourses = this.homeCourses(runner, courses);
    const follows = await this.createFollows(runners);
    this.log(`${follows} follows`);
    const plan = this.planRuns(runners, courses);
    const history = plan.filter((run) => run.finishBy.getTime() < Date.now() - 3_600_000);
    await this.createRuns(history, 'history');
    // The events start now (a start in the past is refused), so the runs of the last hour are
    // created after them and count towards them.
    const { events, participations, challengers, trialists, trialCourse } = await this.createEvents(
      runners,
      courses,
    );
    this.log(`${events} events, ${participations} participations`);
    // This morning's runners are mostly the events' participants: half of them race the time trial.
    const recent = plan
      .filter((run) => !history.includes(run))
      .map((run, i): PlannedRun => {
        const trial = i % 2 === 0 && trialists.length > 0;
        const group = trial ? trialists : challengers;
        if (group.length === 0) return run;
        const runner = group[i % group.length];
        return trial ? { ...run, runner, course: trialCourse, onCourse: true } : { ...run, runner };
      });
    await this.createRuns(recent, 'today');
    const reviews = await this.createReviews([...history, ...recent]);
    this.log(`${reviews} reviews`);
    return { skipped: false, ...(await demoCounts(this.dataSource)) };
  }

  private async createUser(email: string, nickname: string): Promise<string> {
    const user = await this.dataSource.transaction((manager) => insertUser(manager, { email, nickname }));
    return user.id;
  }

  private async createRunners(): Promise<Runner[]> {
    const users = this.app.get(UsersService);
    const runners: Runner[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < this.options.runners; i++) {
      const gender = this.random() < 0.55 ? 'male' : 'female';
      const name = pick(this.random, SURNAMES) + pick(this.random, GIVEN_NAMES[gender]);
      let nickname = `${pick(this.random, NICKNAME_FIRST)}${pick(this.random, NICKNAME_SECOND)}`;
      while (taken.has(nickname))
        nickname = `${nickname.replace(/\d+$/, '')}${Math.floor(this.random() * 900) + 10}`;
      taken.add(nickname);
      const birthYear = 1968 + Math.floor(this.random() * 38);
      const district = pick(this.random, DISTRICTS);
      const id = await this.createUser(
        `runner${String(i + 1).padStart(4, '0')}@${DEMO_EMAIL_DOMAIN}`,
        nickname,
      );
      await users.updateProfile(id, {
        gender,
        birthday: `${birthYear}-${pad(1 + Math.floor(this.random() * 12))}-${pad(1 + Math.floor(this.random() * 28))}`,
        height_cm: Math.round(gender === 'male' ? 165 + this.random() * 20 : 153 + this.random() * 17),
        weight_kg: Math.round(gender === 'male' ? 60 + this.random() * 22 : 46 + this.random() * 18),
        bio: `${name} · ${pick(this.random, BIOS)} (데모 계정)`,
        activity_region: `서울 ${district}`,
        country: 'KR',
        crew_name: pick(this.random, CREWS),
        time_zone: 'Asia/Seoul',
      });
      if (this.random() < 0.4) await users.setWeeklyGoal(id, pick(this.random, [10, 15, 20, 30, 40]));
      const fast = this.random() < 0.15;
      runners.push({
        id,
        nickname,
        district,
        pace: Math.round(fast ? 250 + this.random() * 50 : 320 + this.random() * 130),
        activity: 0.3 + this.random() * this.random() * 3,
        streaker: this.random() < 0.06,
        homeCourses: [],
      });
    }
    return runners;
  }

  /** Each course is published by a runner of its district from their own run along it, as in the app. */
  private async createCourses(runners: Runner[]): Promise<SeededCourse[]> {
    const coursesService = this.app.get(CoursesService);
    const seeded: SeededCourse[] = [];
    for (const [index, course] of SEOUL_COURSES.entries()) {
      const locals = runners.filter((r) => r.district === course.district);
      const creator = locals.length > 0 ? pick(this.random, locals) : runners[index % runners.length];
      const line = courseLine(course);
      const lengthM = lineLength(line);
      const finishBy = new Date(Date.now() - (this.options.days + 3 - index) * DAY_MS);
      const runId = await this.createRun(
        seededRandom(this.options.seed * 31 + index),
        creator,
        line,
        lengthM,
        course,
        null,
        finishBy,
      );
      const created = await coursesService.create(creator.id, {
        runRecordId: runId,
        title: course.title,
        description: `${course.description} (데모 코스)`,
        routeGeometry: { type: 'LineString', coordinates: line },
        distanceMeters: Math.round(lengthM),
        estimatedDurationSeconds: Math.round((lengthM / 1000) * 360),
        tags: [...course.tags, '데모'],
        courseType: course.loop ? 'loop' : 'normal',
      });
      seeded.push({ id: created.id, index, course, line, lengthM });
    }
    return seeded;
  }

  private homeCourses(runner: Runner, courses: SeededCourse[]): number[] {
    const local = courses.filter((c) => c.course.district === runner.district).map((c) => c.index);
    const others = courses.map((c) => c.index).filter((i) => !local.includes(i));
    const favourites = [...local];
    while (favourites.length < 3) favourites.push(pick(this.random, others));
    return favourites;
  }

  private async createFollows(runners: Runner[]): Promise<number> {
    const follows = this.app.get(FollowsService);
    let count = 0;
    for (const runner of runners) {
      const neighbours = runners.filter((r) => r !== runner && r.district === runner.district);
      const wanted = 2 + Math.floor(this.random() * 10);
      const targets = new Set<Runner>();
      for (let i = 0; i < wanted * 2 && targets.size < wanted; i++) {
        targets.add(
          this.random() < 0.7 && neighbours.length > 0
            ? pick(this.random, neighbours)
            : pick(this.random, runners),
        );
      }
      targets.delete(runner);
      for (const target of targets) {
        await follows.follow(runner.id, target.id);
        count += 1;
      }
    }
    return count;
  }

  /**
   * Who runs when: the runs shared out by each runner's activity over the last `days` days, more of
   * them recently, mornings (6–8) and evenings (19–21) Seoul time; streakers run every day of the
   * last two weeks; about 5% of the runs are this morning's, finished in the last hour.
   */
  private planRuns(runners: Runner[], courses: SeededCourse[]): PlannedRun[] {
    const plan: PlannedRun[] = [];
    const now = Date.now();
    const totalActivity = runners.reduce((sum, r) => sum + r.activity, 0);
    const add = (runner: Runner, finishBy: Date) => {
      const course = courses[pick(this.random, runner.homeCourses)];
      plan.push({ runner, course, onCourse: this.random() < 0.75, finishBy });
    };
    for (const runner of runners.filter((r) => r.streaker)) {
      for (let day = 1; day <= 14 && plan.length < this.options.runs; day++)
        add(runner, this.finishOn(day, now));
    }
    const recentShare = Math.max(1, Math.round(this.options.runs * 0.05));
    while (plan.length < this.options.runs - recentShare) {
      let ticket = this.random() * totalActivity;
      const runner = runners.find((r) => (ticket -= r.activity) <= 0) ?? runners[runners.length - 1];
      // Skewed towards recent days (square of a uniform).
      const day = 1 + Math.floor(this.random() * this.random() * (this.options.days - 1));
      add(runner, this.finishOn(day, now));
    }
    while (plan.length < this.options.runs) add(pick(this.random, runners), new Date(now));
    return plan;
  }

  /** A finish time `daysAgo` days before today (Seoul), in the morning or the evening. */
  private finishOn(daysAgo: number, now: number): Date {
    const seoulMidnight = Math.floor((now + SEOUL_OFFSET_MS) / DAY_MS) * DAY_MS - SEOUL_OFFSET_MS;
    const hour = this.random() < 0.55 ? 6.5 + this.random() * 2 : 19 + this.random() * 2.5;
    return new Date(seoulMidnight - daysAgo * DAY_MS + hour * 3_600_000);
  }

  private async createRuns(plan: PlannedRun[], label: string): Promise<void> {
    let next = 0;
    let done = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < plan.length) {
        const index = next++;
        const run = plan[index];
        // Each run draws from its own generator: the same demo whatever the concurrency.
        const random = seededRandom(this.options.seed * 7919 + index + (label === 'today' ? 1_000_000 : 0));
        // Today's runs finish between the events' start and now, as they are created.
        const finishBy = label === 'today' ? new Date(Date.now() - 1000) : run.finishBy;
        if (run.onCourse) {
          await this.createRun(
            random,
            run.runner,
            run.course.line,
            run.course.lengthM,
            run.course.course,
            run.course.id,
            finishBy,
          );
        } else {
          // A free run: part of a route (or more than one lap of it), not raced as the course.
          const from = random() * run.course.lengthM * 0.4;
          const to = from + run.course.lengthM * (0.35 + random() * 0.6);
          const part = partOfLine(run.course.line, from, to);
          await this.createRun(random, run.runner, part, lineLength(part), run.course.course, null, finishBy);
        }
        done += 1;
        if (done % 250 === 0)
          this.log(`${label}: ${done}/${plan.length} runs (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency) }, worker));
    this.log(`${label}: ${plan.length} runs created`);
  }

  /** One run, as the app's complete creates it: the track, the record and its pipeline job in one transaction. */
  private async createRun(
    random: () => number,
    runner: Runner,
    line: LngLat[],
    lengthM: number,
    course: DemoCourse,
    courseId: string | null,
    finishBy: Date,
  ): Promise<string> {
    const form = 1 + gaussian(random) * 0.04;
    const pace = runner.pace * form * (1 + course.climb / 600);
    const estimatedS = (lengthM / 1000) * pace * 1.03;
    const startMs = finishBy.getTime() - estimatedS * 1000;
    const points = trackAlong(line, random, {
      startMs,
      paceSecondsPerKm: pace,
      intervalS: this.options.intervalS,
      baseElevation: course.baseElevation,
      climb: course.climb,
    });
    const records = this.app.get(RunRecordsService);
    const created = await this.app.get(OutboxService).transaction((manager, enqueue) =>
      records.createFromTrack(manager, enqueue, {
        userId: runner.id,
        source: 'live',
        courseId,
        points,
        startedAt: new Date(points[0].time!),
        finishedAt: new Date(points[points.length - 1].time!),
        deviceModel: pick(random, ['iPhone 15', 'iPhone 14 Pro', 'Galaxy S24', 'Galaxy S23', 'iPhone 13']),
      }),
    );
    await created.afterCommit();
    return created.id;
  }

  /** A distance challenge and a course time trial running now (joined by many), and one coming up. */
  private async createEvents(
    runners: Runner[],
    courses: SeededCourse[],
  ): Promise<{
    events: number;
    participations: number;
    challengers: Runner[];
    trialists: Runner[];
    trialCourse: SeededCourse;
  }> {
    const events = this.app.get(EventsService);
    const organizer = await this.organizerId();
    const actor = { id: organizer, role: 'admin' as const };
    const now = Date.now();
    const yeouido = courses.find((c) => c.course.key === 'yeouido') ?? courses[0];
    const olympic = courses.find((c) => c.course.key === 'olympic') ?? courses[0];
    const created = [
      await events.create(actor, {
        title: '12월 서울 러닝 챌린지 50K (데모)',
        description: '한 달 동안 어디서든 50km를 달리면 완주! 데모 이벤트입니다.',
        event_type: 'challenge',
        starts_at: new Date(now - 60_000),
        ends_at: new Date(now + 25 * DAY_MS),
        target_distance_meters: 50_000,
        center_lat: 37.5665,
        center_lng: 126.978,
        badge_color: '#FF6B35',
      }),
      await events.create(actor, {
        title: `${yeouido.course.title} 타임어택 (데모)`,
        description: '이벤트 기간 중 코스를 한 번 완주하면 배지를 드려요.',
        event_type: 'challenge',
        course_id: yeouido.id,
        starts_at: new Date(now - 60_000),
        ends_at: new Date(now + 14 * DAY_MS),
        target_runs: 1,
        meeting_point: '여의나루역 2번 출구',
        center_lat: yeouido.line[0][1],
        center_lng: yeouido.line[0][0],
      }),
      await events.create(actor, {
        title: '새해 첫 런 @ 올림픽공원 (데모)',
        description: '1월 1일 아침, 평화의문 앞에서 함께 달려요.',
        event_type: 'event',
        course_id: olympic.id,
        starts_at: new Date(now + 20 * DAY_MS),
        ends_at: new Date(now + 20 * DAY_MS + 3 * 3_600_000),
        max_participants: 200,
        meeting_point: '올림픽공원 평화의문',
        center_lat: olympic.line[0][1],
        center_lng: olympic.line[0][0],
      }),
    ];
    let participations = 0;
    const joined: Runner[][] = created.map(() => []);
    for (const runner of runners) {
      for (const [i, event] of created.entries()) {
        const likes =
          i === 1 ? (runner.homeCourses.includes(yeouido.index) ? 0.7 : 0.1) : i === 0 ? 0.45 : 0.15;
        if (this.random() >= likes) continue;
        await events.join(runner.id, event.id);
        joined[i].push(runner);
        participations += 1;
      }
    }
    return {
      events: created.length,
      participations,
      challengers: joined[0],
      trialists: joined[1],
      trialCourse: yeouido,
    };
  }

  private async organizerId(): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT id FROM users WHERE email = $1`, [
      DEMO_ORGANIZER_EMAIL,
    ])) as Array<{ id: string }>;
    return row.id;
  }

  /** About a third of the runners review a course they ran (one review each per course). */
  private async createReviews(plan: PlannedRun[]): Promise<number> {
    const reviews = this.app.get(ReviewsService);
    const seen = new Set<string>();
    let count = 0;
    for (const run of plan) {
      if (!run.onCourse) continue;
      const key = `${run.runner.id}:${run.course.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (this.random() >= 0.3) continue;
      const review = pick(this.random, REVIEWS);
      try {
        await reviews.create(run.runner.id, run.course.id, review);
        count += 1;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'DUPLICATE_REVIEW')) throw error;
      }
    }
    return count;
  }
}

export async function demoRunnerCount(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE $1`, [
    `%@${DEMO_EMAIL_DOMAIN}`,
  ])) as Array<{ n: number }>;
  return row.n;
}

/** Runs of demo runners whose pipeline has not completed yet (waiting for the worker). */
export async function demoRunsPending(dataSource: DataSource): Promise<{ pending: number; failed: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*) FILTER (WHERE r.pipeline_completed_at IS NULL AND r.pipeline_failed_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE r.pipeline_failed_at IS NOT NULL AND r.pipeline_completed_at IS NULL)::int AS failed
       FROM run_records r JOIN users u ON u.id = r.user_id
      WHERE u.email LIKE $1`,
    [`%@${DEMO_EMAIL_DOMAIN}`],
  )) as Array<{ pending: number; failed: number }>;
  return row;
}

/** What the demo consists of, counted in the tables. */
export async function demoCounts(dataSource: DataSource): Promise<Omit<DemoSeedResult, 'skipped'>> {
  const [row] = (await dataSource.query(
    `WITH demo AS (SELECT id FROM users WHERE email LIKE $1 AND email <> $2)
     SELECT (SELECT count(*) FROM demo)::int AS runners,
            (SELECT count(*) FROM courses WHERE creator_id IN (SELECT id FROM demo))::int AS courses,
            (SELECT count(*) FROM run_records WHERE user_id IN (SELECT id FROM demo))::int AS runs,
            (SELECT count(*) FROM follows WHERE follower_id IN (SELECT id FROM demo))::int AS follows,
            (SELECT count(*) FROM reviews WHERE user_id IN (SELECT id FROM demo))::int AS reviews,
            (SELECT count(*) FROM events e JOIN users u ON u.id = e.creator_id WHERE u.email = $2)::int AS events,
            (SELECT count(*) FROM event_participants WHERE user_id IN (SELECT id FROM demo))::int AS participations`,
    [`%@${DEMO_EMAIL_DOMAIN}`, DEMO_ORGANIZER_EMAIL],
  )) as Array<Omit<DemoSeedResult, 'skipped'>>;
  return row;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

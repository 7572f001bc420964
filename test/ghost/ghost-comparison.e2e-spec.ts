import {
  asUser,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import { runThroughApi, type TrackPoint, trackAlong } from '../runs/run-helpers';

/** A 1.5 km course heading north-east from Yeouido, a vertex every 15 m. */
const START: [number, number] = [126.924, 37.526];
const LINE = lineFrom(START, 101, 15, 45);

/** The line at `firstMs` m/s for its first kilometre, then at `restMs` m/s. */
function unevenRun(firstMs: number, restMs: number, startMs: number): TrackPoint[] {
  const first = trackAlong(LINE.slice(0, 68), { speedMs: firstMs, startMs });
  const rest = trackAlong(LINE.slice(67), { speedMs: restMs, startMs: first[first.length - 1].timestamp });
  return [...first, ...rest.slice(1)];
}

/**
 * GET /runs/{id}/ghost-comparison: after a course run, where the runner gained or lost time
 * against the ghost they raced, per course kilometre (runs recorded through the api and the
 * pipeline).
 */
describe('race a ghost: where I gained or lost time, per kilometre', () => {
  let stack: TestStack;
  let creator: Awaited<ReturnType<typeof createUserWithToken>>;
  let fast: Awaited<ReturnType<typeof createUserWithToken>>;
  let courseId: string;
  let firstRunId: string;
  let secondRunId: string;
  let fastRunId: string;
  let first: Awaited<ReturnType<typeof runThroughApi>>;
  let second: Awaited<ReturnType<typeof runThroughApi>>;
  let rival: Awaited<ReturnType<typeof runThroughApi>>;

  beforeAll(async () => {
    // The complete answer waits for the pipeline (up to this budget) before comparing.
    stack = await startStack({ worker: true, env: { RUN_COMPLETE_RANKING_WAIT_MS: '10000' } });
    creator = await createUserWithToken(stack.dataSource, stack.config);
    fast = await createUserWithToken(stack.dataSource, stack.config);
    first = await runThroughApi(
      stack.api,
      creator.authorization,
      trackAlong(LINE, { speedMs: 3, startMs: Date.now() - 7_200_000 }),
    );
    firstRunId = first.complete.run_record_id;
    await waitForQueuesDrained(stack.worker);
    const created = await asUser(stack.api, creator.authorization)
      .post('/courses', {
        run_record_id: firstRunId,
        title: 'Yeouido splits',
        route_geometry: { type: 'LineString', coordinates: LINE },
        distance_meters: 1500,
        estimated_duration_seconds: 500,
      })
      .expect(201);
    courseId = created.body.id;
    // Slower than the ghost over the first kilometre (2.5 vs 3 m/s), faster after it (4 m/s).
    second = await runThroughApi(
      stack.api,
      creator.authorization,
      unevenRun(2.5, 4, Date.now() - 3_600_000),
      {
        courseId,
      },
    );
    secondRunId = second.complete.run_record_id;
    rival = await runThroughApi(
      stack.api,
      fast.authorization,
      trackAlong(LINE, { speedMs: 5, startMs: Date.now() - 1_800_000 }),
      { courseId },
    );
    fastRunId = rival.complete.run_record_id;
    await waitForQueuesDrained(stack.worker);
  }, 180_000); // three runs through the api and worker, each complete waiting for its pipeline

  afterAll(async () => {
    await stack?.close();
  });

  const comparison = (authorization: string, runId: string, of?: string) =>
    asUser(stack.api, authorization)
      .get(`/runs/${runId}/ghost-comparison`)
      .query(of ? { of } : {});

  it('compares my run with my best from before it, kilometre by kilometre', async () => {
    const res = await comparison(creator.authorization, secondRunId).expect(200);
    expect(res.body).toMatchObject({
      run_record_id: secondRunId,
      course_id: courseId,
      ghost: { of: 'me', runner: { id: creator.user.id }, run_record_id: firstRunId },
      segment_meters: 1000,
    });
    const [km1, rest] = res.body.splits;
    expect(res.body.splits).toHaveLength(2);
    expect(km1).toMatchObject({ from_meters: 0, to_meters: 1000 });
    expect(rest.from_meters).toBe(1000);
    expect(Math.abs(rest.to_meters - 1500)).toBeLessThan(5);
    // Km 1: 1000 m at 2.5 m/s (400 s) against 3 m/s (333 s): about 67 s lost.
    expect(Math.abs(km1.seconds - 400)).toBeLessThan(4);
    expect(Math.abs(km1.ghost_seconds - 1000 / 3)).toBeLessThan(4);
    expect(Math.abs(km1.gained_seconds + 66.7)).toBeLessThan(4);
    // The last 500 m at 4 m/s (125 s) against 167 s: about 42 s gained back; 25 s behind at the finish.
    expect(Math.abs(rest.gained_seconds - 41.7)).toBeLessThan(4);
    expect(Math.abs(res.body.final_gap_seconds - 25)).toBeLessThan(5);
    expect(res.body.final_gap_seconds).toBe(rest.gap_seconds);
  });

  it('compares with the course record as `leader`', async () => {
    const res = await comparison(creator.authorization, secondRunId, 'leader').expect(200);
    expect(res.body.ghost).toMatchObject({
      of: 'leader',
      runner: { id: fast.user.id },
      run_record_id: fastRunId,
    });
    expect(res.body.splits.every((split: { gained_seconds: number }) => split.gained_seconds < 0)).toBe(true);
  });

  it('answers only for my own course runs, and only with a ghost to compare', async () => {
    await comparison(fast.authorization, secondRunId).expect(404);
    // My first run on a course had no earlier best of mine.
    await comparison(fast.authorization, fastRunId).expect(404);
    await comparison(creator.authorization, secondRunId, 'someone').expect(422);
  });

  describe('in the complete answer and the run detail', () => {
    it('compares with the ghost I raced: my best from before by default', async () => {
      expect(second.complete.pipeline_status).toBe('completed');
      const expected = (await comparison(creator.authorization, secondRunId).expect(200)).body;
      expect(second.complete.ghost_comparison).toEqual(expected);
      expect(second.complete.ghost_comparison).toMatchObject({
        ghost: { of: 'me', run_record_id: firstRunId },
        segment_meters: 1000,
      });
      expect(second.complete.ghost_comparison!.splits[0].gained_seconds).toBeLessThan(-60);
      const detail = await asUser(stack.api, creator.authorization).get(`/runs/${secondRunId}`).expect(200);
      expect(detail.body.ghost_comparison).toEqual(expected);
    });

    it('has none without a ghost: no course, or my first run on the course', async () => {
      expect(first.complete.ghost_comparison).toBeNull();
      expect(rival.complete.pipeline_status).toBe('completed');
      expect(rival.complete.ghost_comparison).toBeNull();
      const detail = await asUser(stack.api, fast.authorization).get(`/runs/${fastRunId}`).expect(200);
      expect(detail.body.ghost_comparison).toBeNull();
    });

    it('uses the ghost chosen when the session started, or the one sent with complete', async () => {
      const leader = await runThroughApi(
        stack.api,
        creator.authorization,
        trackAlong(LINE, { speedMs: 3.5, startMs: Date.now() - 1_200_000 }),
        { courseId, session: { ghost: 'leader' } },
      );
      expect(leader.complete.ghost_comparison).toMatchObject({
        ghost: { of: 'leader', runner: { id: fast.user.id }, run_record_id: fastRunId },
      });
      expect(leader.complete.ghost_comparison!.splits.every((split) => split.gained_seconds < 0)).toBe(true);
      const detail = await asUser(stack.api, creator.authorization)
        .get(`/runs/${leader.complete.run_record_id}`)
        .expect(200);
      expect(detail.body.ghost_comparison.ghost.of).toBe('leader');

      // Started against the leader (themselves), changed to `me` at the end.
      const again = await runThroughApi(
        stack.api,
        fast.authorization,
        trackAlong(LINE, { speedMs: 4, startMs: Date.now() - 600_000 }),
        { courseId, session: { ghost: 'leader' }, summary: { ghost: 'me' } },
      );
      expect(again.complete.ghost_comparison).toMatchObject({
        ghost: { of: 'me', runner: { id: fast.user.id }, run_record_id: fastRunId },
      });
      expect(again.complete.ghost_comparison!.final_gap_seconds).toBeGreaterThan(0);
    });

    it('refuses a ghost that is not me, leader or a user id', async () => {
      const res = await asUser(stack.api, creator.authorization)
        .post('/runs/sessions', { course_id: courseId, started_at: new Date().toISOString(), ghost: 'boss' })
        .expect(422);
      expect(JSON.stringify(res.body)).toContain('ghost');
    });
  });
});

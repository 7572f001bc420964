import { HeatmapService } from '@runvs/heatmap';
import {
  asUser,
  createCourse,
  createRunRecord,
  createUser,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';

/** A 3 km street, one position every 10 m, and a viewport around its middle. */
const street = (start: [number, number]) => lineFrom(start, 301, 10);
const around = ([lng, lat]: [number, number], meters = 300) => {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return `sw_lat=${lat - dLat}&sw_lng=${lng - dLng}&ne_lat=${lat + dLat}&ne_lng=${lng + dLng}`;
};

/**
 * The runs on a course follow its visibility on the public heatmap: they leave it when the creator
 * makes the course private or a moderator hides it, come back when it is public again, and come
 * back as ordinary runs when the private or hidden course is deleted (its runs are kept, detached).
 */
describe('heatmap: runs on a course follow the course’s visibility', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(() => stack?.close());

  /** A course on `line` with one run on it by each of three runners (the fewest the map shows). */
  async function courseWithCrowd(creatorId: string, line: Array<[number, number]>): Promise<string> {
    const courseId = await createCourse(stack.dataSource, creatorId, { coordinates: line });
    for (let i = 0; i < 3; i++) {
      const runner = await createUser(stack.dataSource);
      const runId = await createRunRecord(stack.dataSource, runner.id, line, { courseId });
      await stack.api.get(HeatmapService).refreshRun(runId);
    }
    return courseId;
  }
  const cellsAround = async (point: [number, number]) =>
    (
      (
        await asUser(stack.api)
          .get(`/heatmap?${around(point)}`)
          .expect(200)
      ).body as unknown[]
    ).length;

  it('private and public again by the creator; then deleted while private: the runs show again', async () => {
    const creator = await createUserWithToken(stack.dataSource, stack.config);
    const line = street([127.3, 37.4]);
    const courseId = await courseWithCrowd(creator.user.id, line);
    const as = asUser(stack.api, creator.authorization);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);

    await as.patch(`/courses/${courseId}`, { is_public: false }).expect(200);
    expect(await cellsAround(line[150])).toBe(0);
    await as.patch(`/courses/${courseId}`, { is_public: true }).expect(200);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);

    await as.patch(`/courses/${courseId}`, { is_public: false }).expect(200);
    expect(await cellsAround(line[150])).toBe(0);
    await as.delete(`/courses/${courseId}`).expect(204);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);
  });

  it('hidden and shown again by a moderator; then deleted while hidden: the runs show again', async () => {
    const creator = await createUser(stack.dataSource);
    const admin = await createUserWithToken(stack.dataSource, stack.config, { role: 'admin' });
    const line = street([127.35, 37.42]);
    const courseId = await courseWithCrowd(creator.id, line);
    const asAdmin = asUser(stack.api, admin.authorization);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);

    await asAdmin.post(`/admin/courses/${courseId}/hide`, { reason: 'spam' }).expect(200);
    expect(await cellsAround(line[150])).toBe(0);
    await asAdmin.post(`/admin/courses/${courseId}/unhide`).expect(200);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);

    await asAdmin.post(`/admin/courses/${courseId}/hide`, { reason: 'spam' }).expect(200);
    expect(await cellsAround(line[150])).toBe(0);
    await asAdmin.delete(`/admin/courses/${courseId}`).expect(204);
    expect(await cellsAround(line[150])).toBeGreaterThan(0);
  });
});

import { heartbeatFresh, pendingMigrations, queuesOverBacklog, readinessOf } from './readiness.rules';

describe('readiness rules', () => {
  it('is ok only when every check is up', () => {
    expect(readinessOf({ database: 'up', redis: 'up' })).toEqual({
      status: 'ok',
      checks: { database: 'up', redis: 'up' },
    });
    expect(readinessOf({ database: 'up', redis: 'down' }).status).toBe('unavailable');
  });

  it('lists the migrations of the code the database lacks, in code order', () => {
    expect(pendingMigrations(['A1', 'B2', 'C3'], ['A1', 'C3', 'Old0'])).toEqual(['B2']);
    expect(pendingMigrations(['A1'], ['A1'])).toEqual([]);
  });

  it('names the queues over the backlog threshold (the threshold itself is fine)', () => {
    expect(queuesOverBacklog({ a: 10, b: 11, c: 0 }, 10)).toEqual(['b']);
  });

  it('accepts a heartbeat up to three intervals old', () => {
    expect(heartbeatFresh(null, 1_000, 100)).toBe(false);
    expect(heartbeatFresh(700, 1_000, 100)).toBe(true);
    expect(heartbeatFresh(699, 1_000, 100)).toBe(false);
  });
});

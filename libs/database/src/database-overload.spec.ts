import { isDatabaseOverload } from './database-overload';

describe('isDatabaseOverload', () => {
  it('recognises a pool wait that ran out, too many connections and statement/lock timeouts', () => {
    expect(isDatabaseOverload(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isDatabaseOverload(Object.assign(new Error('sorry, too many clients already'), { code: '53300' })),
    ).toBe(true);
    expect(
      isDatabaseOverload(
        Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      ),
    ).toBe(true);
    expect(isDatabaseOverload(Object.assign(new Error('lock timeout'), { code: '55P03' }))).toBe(true);
  });

  it('looks inside a TypeORM QueryFailedError', () => {
    const driverError = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    expect(isDatabaseOverload(Object.assign(new Error('query failed'), { driverError }))).toBe(true);
  });

  it('leaves every other error a 500', () => {
    expect(isDatabaseOverload(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseOverload(new Error('boom'))).toBe(false);
    expect(isDatabaseOverload('timeout exceeded when trying to connect as a string')).toBe(false);
    expect(isDatabaseOverload(null)).toBe(false);
    const loop: { driverError?: unknown; message: string } = { message: 'x' };
    loop.driverError = loop;
    expect(isDatabaseOverload(loop)).toBe(false);
  });
});

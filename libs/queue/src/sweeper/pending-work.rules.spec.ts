import { sweepAction, sweepIntervalMs } from './pending-work.rules';

describe('pending-work sweeper rules', () => {
  it('enqueues work whose job Redis no longer knows', () => {
    expect(sweepAction('unknown')).toBe('enqueue');
  });

  it('leaves work whose job is queued, running or waiting for a retry', () => {
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const) {
      expect(sweepAction(state)).toBe('leave');
    }
  });

  it('replaces a job that ended without the work being marked done', () => {
    expect(sweepAction('completed')).toBe('replace');
    expect(sweepAction('failed')).toBe('replace');
  });

  it('sweeps at half the bound, between one second and one minute', () => {
    expect(sweepIntervalMs(600)).toBe(60_000);
    expect(sweepIntervalMs(60)).toBe(30_000);
    expect(sweepIntervalMs(1)).toBe(1_000);
    expect(sweepIntervalMs(86_400)).toBe(60_000);
  });
});

import {
  failureMessage,
  nextRedriveAt,
  redriveDelayMs,
  redriveJobId,
  redrivenFailureId,
  REDRIVE_MAX_DELAY_MS,
} from './job-failure.rules';

describe('job failure re-drive rules', () => {
  const id = '0b6f1c2e-8d4a-4f1e-9a7b-3c2d1e0f9a8b';

  it('backs off from 5 minutes, doubling, capped at 6 hours', () => {
    expect([0, 1, 2, 3, 4].map(redriveDelayMs)).toEqual([5, 10, 20, 40, 80].map((m) => m * 60_000));
    expect(redriveDelayMs(20)).toBe(REDRIVE_MAX_DELAY_MS);
  });

  it('re-drives automatically only retryable failures, while the queue allows', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextRedriveAt(now, { retryable: true, redriveCount: 0 }, 5)).toEqual(
      new Date('2026-01-01T00:05:00Z'),
    );
    expect(nextRedriveAt(now, { retryable: true, redriveCount: 2 }, 5)).toEqual(
      new Date('2026-01-01T00:20:00Z'),
    );
    expect(nextRedriveAt(now, { retryable: true, redriveCount: 5 }, 5)).toBeNull();
    expect(nextRedriveAt(now, { retryable: false, redriveCount: 0 }, 5)).toBeNull();
    expect(nextRedriveAt(now, { retryable: true, redriveCount: 0 }, 0)).toBeNull();
  });

  it('names the failure in a re-drive job id, without colons, and finds it again', () => {
    const jobId = redriveJobId('run-completion', id, 3);
    expect(jobId).toBe(`run-completion_redrive-${id}-3`);
    expect(jobId).not.toContain(':');
    expect(redrivenFailureId(jobId)).toBe(id);
    expect(redrivenFailureId(`run-completion_${id}`)).toBeNull();
    expect(redrivenFailureId(undefined)).toBeNull();
  });

  it('keeps the first line of an error as its reason', () => {
    expect(failureMessage(new Error('connection refused\n    at Socket'))).toBe('connection refused');
    expect(failureMessage({ name: 'TimeoutError', message: '' })).toBe('TimeoutError');
    expect(failureMessage(new Error('x'.repeat(3000)))).toHaveLength(2000);
  });
});

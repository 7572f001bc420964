import { DomainError, isRetryable } from './domain-error';

describe('DomainError retryable', () => {
  it('defaults from the code: a provider or service down may pass, bad input never does', () => {
    expect(new DomainError('STRAVA_API_ERROR', 'Strava 502').retryable).toBe(true);
    expect(new DomainError('PROVIDER_UNAVAILABLE', 'Kakao timed out').retryable).toBe(true);
    expect(new DomainError('SERVICE_UNAVAILABLE', 'busy').retryable).toBe(true);
    expect(new DomainError('NOT_FOUND', 'Run not found').retryable).toBe(false);
    expect(new DomainError('VALIDATION_ERROR', 'bad').retryable).toBe(false);
  });

  it('can be set either way by the thrower', () => {
    expect(
      new DomainError('CONFLICT', 'locked, try again', undefined, undefined, { retryable: true }).retryable,
    ).toBe(true);
    expect(
      new DomainError('STRAVA_API_ERROR', 'activity deleted', undefined, undefined, { retryable: false })
        .retryable,
    ).toBe(false);
  });

  it('isRetryable: errors that know say so; an unknown error is taken as transient', () => {
    expect(isRetryable(new DomainError('NOT_FOUND', 'x'))).toBe(false);
    expect(isRetryable(new DomainError('STRAVA_API_ERROR', 'x'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { retryable: false }))).toBe(false);
    expect(isRetryable(new Error('connection terminated unexpectedly'))).toBe(true);
    expect(isRetryable(null)).toBe(true);
  });
});

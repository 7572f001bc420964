import { redactDatabaseMessage, redactLoggedError } from './query-logger';

describe('database log redaction', () => {
  it('cuts input values out of database messages', () => {
    expect(redactDatabaseMessage('invalid input syntax for type uuid: "not-a-uuid-secret"')).toBe(
      'invalid input syntax for type uuid: "[REDACTED]"',
    );
    expect(redactDatabaseMessage('relation "run_chunks" does not exist')).toBe(
      'relation "run_chunks" does not exist',
    );
  });

  it('drops the parameters and driver detail of a failed query', () => {
    const serialized = {
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "users_email_key"',
      query: 'INSERT INTO users (email) VALUES ($1)',
      parameters: ['runner@example.com'],
      driverError: { detail: 'Key (email)=(runner@example.com) already exists.', code: '23505' },
      detail: 'Key (email)=(runner@example.com) already exists.',
      code: '23505',
    };
    const redacted = redactLoggedError(serialized);
    expect(JSON.stringify(redacted)).not.toContain('runner@example.com');
    expect(redacted).toMatchObject({ query: serialized.query, code: '23505', type: 'QueryFailedError' });
    expect(serialized.parameters).toEqual(['runner@example.com']); // the original is not mutated
  });
});

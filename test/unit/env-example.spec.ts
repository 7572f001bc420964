import { loadConfig } from '@runvs/config';
import { unknownConcurrencyOverrides } from '@runvs/queue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The raw schema is internal to libs/config; this check of the docs reads it directly.
// eslint-disable-next-line no-restricted-imports
import { envSchema } from '../../libs/config/src/env.schema';

/** .env.example must stay true to the code: every key documented, and its defaults boot. */
describe('.env.example', () => {
  const text = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
  const entries = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('documents every configuration key', () => {
    const keys = Object.keys(envSchema.shape);
    expect(keys.filter((key) => !(key in entries))).toEqual([]);
    expect(Object.keys(entries).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('documents the per-queue concurrency keys, which follow the queue table', () => {
    expect(text).toContain('WORKER_CONCURRENCY_<QUEUE NAME>');
    expect(unknownConcurrencyOverrides(loadConfig(entries).worker.concurrency)).toEqual([]);
  });

  it('is a working development configuration', () => {
    const config = loadConfig(entries);
    expect(config.app.env).toBe('development');
    expect(config.auth.devLoginEnabled).toBe(true);
  });
});

import pino from 'pino';

/**
 * Standard output for the JSON logs, written asynchronously: a synchronous write per log line cost
 * the api a syscall per request (about a fifth of its busy CPU in the hot-reads profile). Lines
 * written while a write is in flight are sent together; pino flushes what is pending on exit.
 */
export function asyncStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

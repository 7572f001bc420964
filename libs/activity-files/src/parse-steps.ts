import type { ParsedActivity } from './parsed-activity';

/**
 * A parser run in steps: it yields, every PARSE_STEP_EVERY tokens or messages, the fraction of its
 * input consumed so far (0–1), and returns the parsed activity. The synchronous parsers drain it
 * in one go; `parseActivityFileAsync` hands control back to the event loop between steps and
 * reports the fraction, so a large file is parsed with progress and without blocking the process.
 */
export type ParseSteps<T = ParsedActivity> = Generator<number, T, void>;

/** Yield this often (scanner tokens of an XML file, messages of a FIT file). */
export const PARSE_STEP_EVERY = 4_096;

/** Runs a stepped parser to its end and returns its result. */
export function runToEnd<T>(steps: ParseSteps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

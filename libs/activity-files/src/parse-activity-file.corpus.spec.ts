import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ACTIVITY_CORPUS, corpusMissingMessage, hasActivityCorpus } from './fit/testing/corpus';
import { parseActivityFile } from './parse-activity-file';
import { ActivityFileError } from './parsed-activity';

/**
 * Every file of the shared corpus through the one entry point the import pipeline uses, plain and
 * gzipped: detected as its folder's type, then either parsed or refused with an ActivityFileError.
 */
if (!hasActivityCorpus()) {
  describe('parseActivityFile over the corpus', () => {
    it.skip(corpusMissingMessage, () => undefined);
  });
} else {
  const files = (['fit', 'gpx', 'tcx'] as const).flatMap((type) =>
    readdirSync(join(ACTIVITY_CORPUS, type))
      .filter((file) => file.endsWith(`.${type}`))
      .map((file) => ({ type, file })),
  );

  describe('parseActivityFile over the corpus', () => {
    it.each(files)('$type/$file: detected by content, parsed or refused with a reason', ({ type, file }) => {
      const bytes = readFileSync(join(ACTIVITY_CORPUS, type, file));
      for (const [input, compressed] of [
        [bytes, false],
        [gzipSync(bytes), true],
      ] as const) {
        try {
          const result = parseActivityFile(input);
          expect(result.type).toBe(type);
          expect(result.compressed).toBe(compressed);
          for (const point of result.activity.points) {
            expect(Math.abs(point.lat)).toBeLessThanOrEqual(90);
            expect(Math.abs(point.lng)).toBeLessThanOrEqual(180);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ActivityFileError);
          expect((error as ActivityFileError).reason.length).toBeGreaterThan(5);
        }
      }
    });
  });
}

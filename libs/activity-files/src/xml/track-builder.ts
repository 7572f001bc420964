import { type ActivityTrackPoint, ActivityFileError } from '../parsed-activity';

export interface XmlParseOptions {
  /** Refuse (TOO_LARGE) a file with more position-bearing points than this. Default 500,000. */
  maxPoints?: number;
}

export const DEFAULT_MAX_POINTS = 500_000;

export function resolveMaxPoints(options: XmlParseOptions | undefined): number {
  const max = options?.maxPoints ?? DEFAULT_MAX_POINTS;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`maxPoints must be a positive integer (got ${String(max)})`);
  }
  return max;
}

/**
 * Collects points in file order, records segment starts, enforces the point cap and notes time
 * facts (first time, how often time goes backwards).
 */
export class TrackBuilder {
  readonly points: ActivityTrackPoint[] = [];
  readonly segmentStarts: number[] = [];
  firstTime: number | null = null;
  backwardsTimes = 0;
  private lastTime = -Infinity;
  private segmentPending = true;

  constructor(
    private readonly maxPoints: number,
    private readonly formatName: string,
  ) {}

  /** The next point added starts a new segment (no-op if no point follows). */
  newSegment(): void {
    this.segmentPending = true;
  }

  add(point: ActivityTrackPoint): void {
    if (this.points.length >= this.maxPoints) {
      throw new ActivityFileError(
        `This ${this.formatName} file has more than ${this.maxPoints.toLocaleString('en-US')} track points, ` +
          'more than we accept for one activity.',
        'TOO_LARGE',
      );
    }
    if (this.segmentPending) {
      this.segmentStarts.push(this.points.length);
      this.segmentPending = false;
    }
    const t = point.time;
    if (t !== null) {
      if (this.firstTime === null) this.firstTime = t;
      if (t < this.lastTime) this.backwardsTimes++;
      this.lastTime = t;
    }
    this.points.push(point);
  }
}

/** Human-readable count warnings, only for counts > 0. */
export function countWarning(count: number, singular: string, plural: string): string[] {
  if (count <= 0) return [];
  return [count === 1 ? singular : plural.replace('{n}', count.toLocaleString('en-US'))];
}

/** §4: average-speed limit (m/s) by distance bracket; the largest bracket reached applies. */
export const SPEED_LIMIT_BRACKETS: ReadonlyArray<{
  minDistanceMeters: number;
  limitMs: number;
  label: string;
}> = Object.freeze([
  { minDistanceMeters: 0, limitMs: 10.5, label: '단거리' },
  { minDistanceMeters: 1000, limitMs: 7.5, label: '1km+' },
  { minDistanceMeters: 5000, limitMs: 6.8, label: '5km+' },
  { minDistanceMeters: 10000, limitMs: 6.3, label: '10km+' },
  { minDistanceMeters: 21097, limitMs: 6.0, label: '하프마라톤+' },
  { minDistanceMeters: 42195, limitMs: 5.8, label: '풀마라톤+' },
]);
/** §4: no runner holds more than this, even briefly. */
export const MAX_HUMAN_SPEED_MS = 12.5;
/** §4: nobody runs a kilometre faster than 2:00. */
export const MIN_HUMAN_PACE_S_PER_KM = 120;
/** §4: how many reasons make it into `flag_reason`. */
export const FLAG_REASON_MAX_PARTS = 3;

export interface SpeedAnomalyInput {
  distanceMeters: number;
  /** moving time */
  durationSeconds: number;
  avgSpeedMs?: number | null;
  maxSpeedMs?: number | null;
  bestPaceSecondsPerKm?: number | null;
  /** splits in order; `index` is the split number (1-based) when known */
  splits?: ReadonlyArray<{ index?: number | null; paceSecondsPerKm: number | null }>;
}

export interface AnomalyResult {
  isFlagged: boolean;
  /** human-readable (Korean) reasons, in the order found */
  reasons: string[];
  /** first three reasons joined by " / ", or null */
  flagReason: string | null;
  /** min(1, 0.4 × reasons) */
  confidence: number;
}

/** m:ss, as the reasons show paces. */
export function formatPace(secondsPerKm: number): string {
  const total = Math.round(secondsPerKm);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

/** `flag_reason` from a list of reasons (§4: the first three joined by " / "). */
export function buildFlagReason(reasons: readonly string[]): string | null {
  return reasons.length > 0 ? reasons.slice(0, FLAG_REASON_MAX_PARTS).join(' / ') : null;
}

export function toAnomalyResult(reasons: string[]): AnomalyResult {
  return {
    isFlagged: reasons.length > 0,
    reasons,
    flagReason: buildFlagReason(reasons),
    confidence: Math.min(1, 0.4 * reasons.length),
  };
}

/**
 * §4 speed anomaly check (`analyze_run`), applied to the server's own numbers (Decision 1).
 */
export function analyzeSpeedAnomaly(input: SpeedAnomalyInput): AnomalyResult {
  const { distanceMeters: distance, durationSeconds: duration } = input;
  if (!(duration > 0) || !(distance > 0)) return toAnomalyResult([]);
  const reasons: string[] = [];

  let avg = distance / duration;
  if (input.avgSpeedMs != null && input.avgSpeedMs > 0) avg = Math.max(avg, input.avgSpeedMs);
  let bracket = SPEED_LIMIT_BRACKETS[0];
  for (const b of SPEED_LIMIT_BRACKETS) if (distance >= b.minDistanceMeters) bracket = b;
  if (avg > bracket.limitMs) {
    reasons.push(
      `평균 속도 ${avg.toFixed(1)}m/s가 ${bracket.label} 인간 한계 ${bracket.limitMs.toFixed(1)}m/s를 초과`,
    );
  }

  if (input.maxSpeedMs != null && input.maxSpeedMs > MAX_HUMAN_SPEED_MS) {
    reasons.push(`최고 속도 ${input.maxSpeedMs.toFixed(1)}m/s가 인간 한계 ${MAX_HUMAN_SPEED_MS}m/s를 초과`);
  }

  const best = input.bestPaceSecondsPerKm;
  if (best != null && best > 0 && best < MIN_HUMAN_PACE_S_PER_KM) {
    reasons.push(
      `최고 페이스 ${formatPace(best)}/km가 인간 한계 ${formatPace(MIN_HUMAN_PACE_S_PER_KM)}/km보다 빠름`,
    );
  }

  const splits = input.splits ?? [];
  for (let i = 0; i < splits.length; i++) {
    const pace = splits[i].paceSecondsPerKm;
    if (pace != null && pace > 0 && pace < MIN_HUMAN_PACE_S_PER_KM) {
      const n = splits[i].index ?? i + 1;
      reasons.push(
        `${n}km 구간 페이스 ${formatPace(pace)}/km가 인간 한계 ${formatPace(MIN_HUMAN_PACE_S_PER_KM)}/km보다 빠름`,
      );
      break;
    }
  }
  return toAnomalyResult(reasons);
}

/**
 * The client's summary may differ from ours by GPS filtering, auto-pause and rounding; beyond
 * both of these it is a disagreement worth a flag. Both conditions must hold so that a short run
 * is not flagged over a few metres and a marathon not over a few percent.
 */
export const SUMMARY_DISTANCE_TOLERANCE_RATIO = 0.15;
export const SUMMARY_DISTANCE_TOLERANCE_M = 300;
export const SUMMARY_DURATION_TOLERANCE_RATIO = 0.15;
export const SUMMARY_DURATION_TOLERANCE_S = 120;

export type SummaryMismatchCode = 'DISTANCE_MISMATCH' | 'DURATION_MISMATCH';

export interface SummaryComparison extends AnomalyResult {
  codes: SummaryMismatchCode[];
  /** client − server (m) */
  distanceDiffMeters: number;
  /** |client − server| / server; null when the server measured 0 */
  distanceDiffRatio: number | null;
  /** client − server moving time (s) */
  durationDiffSeconds: number;
  durationDiffRatio: number | null;
}

export interface RunSummary {
  distanceMeters: number;
  /** moving time */
  durationSeconds: number;
}

function ratio(diff: number, base: number): number | null {
  return base > 0 ? Math.abs(diff) / base : null;
}

/** Decision 1: compare the client's submitted summary with the server's own numbers. */
export function compareClientSummary(server: RunSummary, client: RunSummary): SummaryComparison {
  const dd = client.distanceMeters - server.distanceMeters;
  const dt = client.durationSeconds - server.durationSeconds;
  const dr = ratio(dd, server.distanceMeters);
  const tr = ratio(dt, server.durationSeconds);
  const codes: SummaryMismatchCode[] = [];
  const reasons: string[] = [];
  if (Math.abs(dd) > SUMMARY_DISTANCE_TOLERANCE_M && (dr === null || dr > SUMMARY_DISTANCE_TOLERANCE_RATIO)) {
    codes.push('DISTANCE_MISMATCH');
    const pct = dr === null ? '' : ` (${Math.round(dr * 100)}% 차이)`;
    reasons.push(
      `기록 거리 ${(client.distanceMeters / 1000).toFixed(2)}km가 GPS 계산 ${(server.distanceMeters / 1000).toFixed(2)}km와 불일치${pct}`,
    );
  }
  if (Math.abs(dt) > SUMMARY_DURATION_TOLERANCE_S && (tr === null || tr > SUMMARY_DURATION_TOLERANCE_RATIO)) {
    codes.push('DURATION_MISMATCH');
    const pct = tr === null ? '' : ` (${Math.round(tr * 100)}% 차이)`;
    reasons.push(
      `기록 시간 ${Math.round(client.durationSeconds)}초가 GPS 계산 ${Math.round(server.durationSeconds)}초와 불일치${pct}`,
    );
  }
  return {
    ...toAnomalyResult(reasons),
    codes,
    distanceDiffMeters: Math.round(dd * 10) / 10,
    distanceDiffRatio: dr === null ? null : Math.round(dr * 1000) / 1000,
    durationDiffSeconds: Math.round(dt),
    durationDiffRatio: tr === null ? null : Math.round(tr * 1000) / 1000,
  };
}

/**
 * Impossible motion in the GPS itself: jumps faster than MAX_HUMAN_SPEED_MS that the track kept
 * going from (see `cleanTrack`'s `sustainedJumps`). Isolated spikes are GPS glitches and are
 * not reasons.
 */
export function gpsJumpReasons(sustainedJumps: number): string[] {
  return sustainedJumps > 0
    ? [`GPS 위치가 ${sustainedJumps}회 인간 한계 속도(${MAX_HUMAN_SPEED_MS}m/s) 이상으로 이동`]
    : [];
}

/** The client's difficulty vocabulary (contract §7). */
export type DifficultyLabel = 'easy' | 'normal' | 'hard' | 'expert' | 'legend';
/** The reference's three labels (§6.2), still expected by older map markers. */
export type ReferenceDifficultyLabel = 'easy' | 'medium' | 'hard';

/**
 * Upper score bounds (exclusive) of each label, in equal 20-point bands over the §6.2 score
 * (0–100). Monotone by construction: a harder score never gets an easier label.
 */
export const DIFFICULTY_BANDS: ReadonlyArray<{ below: number; label: DifficultyLabel }> = Object.freeze([
  { below: 20, label: 'easy' },
  { below: 40, label: 'normal' },
  { below: 60, label: 'hard' },
  { below: 80, label: 'expert' },
  { below: Infinity, label: 'legend' },
]);

export interface DifficultyInput {
  distanceMeters: number;
  elevationGainMeters: number;
  /** share of attempts that completed, 0–1; unknown → the neutral 50-point term */
  completionRate?: number | null;
}

/**
 * §6.2 score: 0.3·distance (capped at 10 km) + 0.3·elevation (capped at 300 m)
 * + 0.2·gradient (gain per km, capped at 60 m/km) + 0.2·(1 − completion rate), each part 0–100.
 */
export function difficultyScore(input: DifficultyInput): number {
  const distance = Math.max(0, input.distanceMeters);
  const gain = Math.max(0, input.elevationGainMeters);
  const dist = Math.min((distance / 10_000) * 100, 100);
  const elev = Math.min((gain / 300) * 100, 100);
  const grad = distance > 0 ? Math.min((((gain / distance) * 1000) / 60) * 100, 100) : 0;
  const cr = input.completionRate;
  const comp = cr == null || !Number.isFinite(cr) ? 50 : (1 - Math.min(1, Math.max(0, cr))) * 100;
  return 0.3 * dist + 0.3 * elev + 0.2 * grad + 0.2 * comp;
}

export function difficultyLabelForScore(score: number): DifficultyLabel {
  for (const band of DIFFICULTY_BANDS) if (score < band.below) return band.label;
  return 'legend';
}

/** Course difficulty in the client's five labels. */
export function courseDifficulty(input: DifficultyInput): DifficultyLabel {
  return difficultyLabelForScore(difficultyScore(input));
}

/** The reference's label for the same score: < 33 easy, < 66 medium, else hard. */
export function referenceDifficultyLabel(input: DifficultyInput): ReferenceDifficultyLabel {
  const score = difficultyScore(input);
  return score < 33 ? 'easy' : score < 66 ? 'medium' : 'hard';
}

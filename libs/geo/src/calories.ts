/** Decision 5: body weight when unknown. */
export const DEFAULT_WEIGHT_KG = 65;

export interface CalorieInput {
  distanceMeters: number;
  movingSeconds: number;
  elevationGainMeters?: number;
  weightKg?: number | null;
}

/**
 * Gross energy of a run from the ACSM metabolic equation for running,
 * VO2 (ml/kg/min) = 0.2·v + 0.9·v·grade + 3.5 with v in m/min, at 5 kcal per litre of O2.
 * Integrated over the run that is, per kg of body weight:
 *   1.0 kcal per km (0.2 ml/kg per metre run)
 *   + 0.0045 kcal per metre climbed (0.9 ml/kg per vertical metre)
 *   + 0.0175 kcal per minute of moving time (the 3.5 ml/kg/min resting term).
 * For 65 kg that is ≈ 70 kcal/km at 6 min/km on the flat, against the reference's flat 60.
 * Pace matters only through the resting term, which matches measurements: the cost of running
 * a kilometre barely depends on speed.
 */
export function estimateCalories(input: CalorieInput): number {
  const weight = input.weightKg != null && input.weightKg > 0 ? input.weightKg : DEFAULT_WEIGHT_KG;
  const km = Math.max(0, input.distanceMeters) / 1000;
  const minutes = Math.max(0, input.movingSeconds) / 60;
  const climb = Math.max(0, input.elevationGainMeters ?? 0);
  return Math.round(weight * (km + 0.0045 * climb + 0.0175 * minutes));
}

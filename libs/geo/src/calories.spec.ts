import { DEFAULT_WEIGHT_KG, estimateCalories } from './calories';

describe('estimateCalories (ACSM running equation)', () => {
  it('65 kg, 10 km in 60 min, flat: 65 × (10 + 0.0175 × 60) = 718 kcal', () => {
    expect(estimateCalories({ distanceMeters: 10_000, movingSeconds: 3600 })).toBe(718);
    expect(DEFAULT_WEIGHT_KG).toBe(65);
  });

  it('uses body weight, defaulting to 65 kg when unknown', () => {
    const base = { distanceMeters: 5000, movingSeconds: 1800 };
    expect(estimateCalories({ ...base, weightKg: 80 })).toBe(Math.round(80 * (5 + 0.0175 * 30)));
    expect(estimateCalories({ ...base, weightKg: null })).toBe(estimateCalories(base));
    expect(estimateCalories({ ...base, weightKg: 0 })).toBe(estimateCalories(base));
  });

  it('adds 0.0045 kcal/kg per metre climbed', () => {
    const flat = estimateCalories({ distanceMeters: 5000, movingSeconds: 1800, weightKg: 70 });
    const hilly = estimateCalories({
      distanceMeters: 5000,
      movingSeconds: 1800,
      weightKg: 70,
      elevationGainMeters: 200,
    });
    expect(hilly - flat).toBe(Math.round(70 * 0.0045 * 200));
  });

  it('is ≈ 70 kcal/km for 65 kg at 6:00/km, not the reference flat 60 kcal/km', () => {
    const perKm = estimateCalories({ distanceMeters: 1000, movingSeconds: 360 });
    expect(perKm).toBe(72);
  });

  it('is 0 for nothing and never negative', () => {
    expect(estimateCalories({ distanceMeters: 0, movingSeconds: 0 })).toBe(0);
    expect(estimateCalories({ distanceMeters: -5, movingSeconds: -5, elevationGainMeters: -3 })).toBe(0);
  });
});

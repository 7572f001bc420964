/** The genders a profile may carry, and so a board may be filtered by. */
export const BOARD_GENDERS = ['male', 'female', 'other'] as const;
export type BoardGender = (typeof BOARD_GENDERS)[number];

/** Inclusive age bounds in whole years; `max` null = no upper bound. */
export interface AgeRange {
  min: number;
  max: number | null;
}

/**
 * An `age_group` as the app sends it: a decade (`20s`, `20`), a range (`20-29`) or an open end
 * (`60+`, `60s+`). Null when it is none of these (the caller answers 422).
 */
export function parseAgeGroup(value: string): AgeRange | null {
  const text = value.trim().toLowerCase();
  let match = /^(\d{1,2})s?\+$/.exec(text);
  if (match) return { min: Number(match[1]), max: null };
  match = /^(\d{1,2})s?$/.exec(text);
  if (match) {
    const min = Number(match[1]);
    return min % 10 === 0 ? { min, max: min + 9 } : null;
  }
  match = /^(\d{1,3})\s*[-~]\s*(\d{1,3})$/.exec(text);
  if (match) {
    const [min, max] = [Number(match[1]), Number(match[2])];
    return min <= max ? { min, max } : null;
  }
  return null;
}

import {
  MAX_PRIVACY_RADIUS_M,
  MAX_PRIVACY_ZONES,
  MIN_PRIVACY_RADIUS_M,
  type PrivacyCircle,
} from '@runvs/geo';

/** One zone as the API shows and takes it. */
export interface PrivacyZoneView {
  lat: number;
  lng: number;
  radius_meters: number;
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The body of `PUT /users/me/privacy-zones`: the whole list `[{lat, lng, radius_meters}]`, at most
 * MAX_PRIVACY_ZONES circles of radius 100–1,000 m (whole metres). Returns the circles, or every
 * problem with its field (`[2].radius_meters`).
 */
export function parsePrivacyZones(body: unknown): { zones: PrivacyCircle[] } | { problems: FieldProblem[] } {
  if (!Array.isArray(body)) {
    return { problems: [{ field: 'body', messages: ['must be an array of {lat, lng, radius_meters}'] }] };
  }
  if (body.length > MAX_PRIVACY_ZONES) {
    return { problems: [{ field: 'body', messages: [`at most ${MAX_PRIVACY_ZONES} privacy zones`] }] };
  }
  const problems: FieldProblem[] = [];
  const zones: PrivacyCircle[] = [];
  body.forEach((item: unknown, index) => {
    const at = (field: string) => `[${index}].${field}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ field: `[${index}]`, messages: ['must be an object {lat, lng, radius_meters}'] });
      return;
    }
    const { lat, lng, radius_meters: radius } = item as Record<string, unknown>;
    const before = problems.length;
    if (!isFiniteNumber(lat) || lat < -90 || lat > 90) {
      problems.push({ field: at('lat'), messages: ['lat must be a number between -90 and 90'] });
    }
    if (!isFiniteNumber(lng) || lng < -180 || lng > 180) {
      problems.push({ field: at('lng'), messages: ['lng must be a number between -180 and 180'] });
    }
    if (
      !Number.isInteger(radius) ||
      (radius as number) < MIN_PRIVACY_RADIUS_M ||
      (radius as number) > MAX_PRIVACY_RADIUS_M
    ) {
      problems.push({
        field: at('radius_meters'),
        messages: [
          `radius_meters must be a whole number between ${MIN_PRIVACY_RADIUS_M} and ${MAX_PRIVACY_RADIUS_M}`,
        ],
      });
    }
    if (problems.length === before) {
      zones.push({ lat: lat as number, lng: lng as number, radiusMeters: radius as number });
    }
  });
  return problems.length > 0 ? { problems } : { zones };
}

export function toZoneView(zone: PrivacyCircle): PrivacyZoneView {
  return { lat: zone.lat, lng: zone.lng, radius_meters: zone.radiusMeters };
}

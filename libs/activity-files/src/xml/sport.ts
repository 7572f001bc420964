import { type ActivitySport } from '../parsed-activity';

/**
 * Strava's GPX exports write the activity type as a number (`<type>9</type>`). These are Strava's
 * legacy activity-type codes (Ride=1 … Hike=4 … Run=9, Walk=10, Workout=11 … Swim=16), as read
 * back by several independent open-source GPX importers and confirmed by our fixtures (9 on runs,
 * 16 on a swim leg). Note: 11 is *Workout*, not Walk. Only codes that agree across sources are
 * mapped; any other number becomes `other` (label kept verbatim).
 */
const STRAVA_CODES: Readonly<Record<string, ActivitySport>> = {
  '1': 'cycling',
  '4': 'hiking',
  '9': 'running',
  '10': 'walking',
  '16': 'swimming',
};

/**
 * Our sport for a file's own type label (GPX `<trk><type>`, TCX `Sport="…"`), or null when the file
 * gives no label. Text labels are matched by keyword after splitting camel case and punctuation, so
 * `running`, `Run`, `TrailRun`, `treadmill_running`, `road_biking`, `MountainBikeRide`,
 * `open_water_swimming`, `Nordic walking`… all land where expected; unknown labels → `other`.
 */
export function sportFromLabel(label: string | null): ActivitySport | null {
  if (label === null) return null;
  const trimmed = label.trim();
  if (trimmed === '') return null;
  if (/^[0-9]{1,4}$/.test(trimmed)) return STRAVA_CODES[String(Number(trimmed))] ?? 'other';
  const words = trimmed
    .slice(0, 100)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z]+/g, ' ')
    .toLowerCase();
  if (/swim/.test(words)) return 'swimming';
  if (/cycl|bik(e|ing)|\bride|velo|spinning/.test(words)) return 'cycling';
  if (/\brun|running|jog/.test(words)) return 'running';
  if (/hik(e|ing)|trek|mountaineer/.test(words)) return 'hiking';
  if (/walk/.test(words)) return 'walking';
  if (/\brow(ing|er)?\b/.test(words)) return 'rowing';
  return 'other';
}

import { EnableExtensions1763800000000 } from './1763800000000-enable-extensions';
import { InitialSchema1763800000100 } from './1763800000100-initial-schema';
import { Heatmap1763900000000 } from './1763900000000-heatmap';
import { RunRankingOutcome1764100000000 } from './1764100000000-run-ranking-outcome';
import { CoursesListedSpatial1764200000000 } from './1764200000000-courses-listed-spatial';
import { FriendRequests1765040000000 } from './1765040000000-friend-requests';
import { PrivacyZones1765070000000 } from './1765070000000-privacy-zones';
import { RunTracks1765070000100 } from './1765070000100-run-tracks';

/**
 * Every migration, oldest first. A unit test checks that each file in this folder is listed, so a
 * new migration cannot be forgotten here.
 */
export const MIGRATIONS = [
  EnableExtensions1763800000000,
  InitialSchema1763800000100,
  Heatmap1763900000000,
  RunRankingOutcome1764100000000,
  CoursesListedSpatial1764200000000,
  FriendRequests1765040000000,
  PrivacyZones1765070000000,
  RunTracks1765070000100,
];

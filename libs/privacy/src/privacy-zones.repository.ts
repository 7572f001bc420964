import { Injectable } from '@nestjs/common';
import type { PrivacyCircle } from '@runvs/geo';
import type { EntityManager } from 'typeorm';

interface ZoneRow {
  user_id: string;
  lat: number;
  lng: number;
  radius_meters: number;
}

const toCircle = (row: ZoneRow): PrivacyCircle => ({
  lat: row.lat,
  lng: row.lng,
  radiusMeters: row.radius_meters,
});

/** SQL of privacy_zones (the one writer) and of the runs a zone change touches. */
@Injectable()
export class PrivacyZonesRepository {
  /** The zones of each user, in the order they were given (users without zones are absent). */
  async zonesOf(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, PrivacyCircle[]>> {
    const byUser = new Map<string, PrivacyCircle[]>();
    if (userIds.length === 0) return byUser;
    const rows = (await manager.query(
      `SELECT user_id, ST_Y(center::geometry) AS lat, ST_X(center::geometry) AS lng, radius_meters
         FROM privacy_zones WHERE user_id = ANY($1::uuid[])
        ORDER BY user_id, position`,
      [[...new Set(userIds)]],
    )) as ZoneRow[];
    for (const row of rows) {
      const zones = byUser.get(row.user_id) ?? [];
      zones.push(toCircle(row));
      byUser.set(row.user_id, zones);
    }
    return byUser;
  }

  /** Replaces the user's whole list (the caller holds the user's lock). */
  async replace(manager: EntityManager, userId: string, zones: readonly PrivacyCircle[]): Promise<void> {
    await manager.query(`DELETE FROM privacy_zones WHERE user_id = $1`, [userId]);
    if (zones.length === 0) return;
    await manager.query(
      `INSERT INTO privacy_zones (user_id, position, center, radius_meters)
       SELECT $1, z.ordinality - 1, ST_SetSRID(ST_MakePoint(z.lng, z.lat), 4326)::geography, z.radius
         FROM unnest($2::float8[], $3::float8[], $4::int[]) WITH ORDINALITY AS z(lat, lng, radius, ordinality)`,
      [userId, zones.map((z) => z.lat), zones.map((z) => z.lng), zones.map((z) => z.radiusMeters)],
    );
  }

  /** Serialises changes of one user's list. */
  async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`privacy_zones:${userId}`]);
  }

  /** The user's runs whose route comes into any of the circles (what a zone change re-renders). */
  async runsTouching(
    manager: EntityManager,
    userId: string,
    zones: readonly PrivacyCircle[],
  ): Promise<string[]> {
    if (zones.length === 0) return [];
    const rows = (await manager.query(
      `SELECT DISTINCT r.id
         FROM run_records r
         JOIN unnest($2::float8[], $3::float8[], $4::int[]) AS z(lat, lng, radius) ON true
        WHERE r.user_id = $1 AND r.route_geometry IS NOT NULL
          AND ST_DWithin(r.route_geometry, ST_SetSRID(ST_MakePoint(z.lng, z.lat), 4326)::geography, z.radius)`,
      [userId, zones.map((z) => z.lat), zones.map((z) => z.lng), zones.map((z) => z.radiusMeters)],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}

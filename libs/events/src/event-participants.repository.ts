import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParticipantItem } from './events.types';

/** The event_participants rows: who takes part in an event and how far they are (and the event's count). */
@Injectable()
export class EventParticipantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the participation; false when the user already takes part. */
  async add(manager: EntityManager, eventId: string, userId: string): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)
       ON CONFLICT (event_id, user_id) DO NOTHING RETURNING id`,
      [eventId, userId],
    )) as unknown[];
    if (rows.length === 0) return false;
    await manager.query(`UPDATE events SET participant_count = participant_count + 1 WHERE id = $1`, [
      eventId,
    ]);
    return true;
  }

  async remove(manager: EntityManager, eventId: string, userId: string): Promise<boolean> {
    // PostgreSQL DELETE … RETURNING comes back from TypeORM as [rows, affectedCount].
    const [, removed] = (await manager.query(
      `DELETE FROM event_participants WHERE event_id = $1 AND user_id = $2 RETURNING id`,
      [eventId, userId],
    )) as [unknown[], number];
    if (removed === 0) return false;
    await manager.query(
      `UPDATE events SET participant_count = GREATEST(participant_count - 1, 0) WHERE id = $1`,
      [eventId],
    );
    return true;
  }

  async isParticipant(manager: EntityManager, eventId: string, userId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM event_participants WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async participation(
    manager: EntityManager,
    eventId: string,
    userId: string,
  ): Promise<{
    progress_distance_meters: number;
    progress_runs: number;
    completed: boolean;
    joined_at: Date;
  }> {
    const [row] = (await manager.query(
      `SELECT progress_distance_meters, progress_runs, completed, joined_at
         FROM event_participants WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    )) as Array<{
      progress_distance_meters: number;
      progress_runs: number;
      completed: boolean;
      joined_at: Date;
    }>;
    return row;
  }

  /** Participants, leaders first: completed, then distance, runs, earliest join. */
  async list(
    eventId: string,
    page: { page: number; perPage: number },
  ): Promise<{ rows: ParticipantItem[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `SELECT p.user_id, u.nickname, u.avatar_url, p.progress_distance_meters, p.progress_runs, p.completed,
                p.completed_at, p.joined_at
           FROM event_participants p JOIN users u ON u.id = p.user_id
          WHERE p.event_id = $1
          ORDER BY p.completed DESC, p.completed_at NULLS LAST, p.progress_distance_meters DESC,
                   p.progress_runs DESC, p.joined_at, p.user_id
          LIMIT $2 OFFSET $3`,
        [eventId, page.perPage, page.page * page.perPage],
      ) as Promise<
        Array<
          Omit<ParticipantItem, 'joined_at' | 'completed_at'> & { joined_at: Date; completed_at: Date | null }
        >
      >,
      this.dataSource.query(`SELECT count(*)::int AS total FROM event_participants WHERE event_id = $1`, [
        eventId,
      ]) as Promise<Array<{ total: number }>>,
    ]);
    return {
      rows: rows.map((row) => ({
        ...row,
        completed_at: row.completed_at ? row.completed_at.toISOString() : null,
        joined_at: row.joined_at.toISOString(),
      })),
      total: count.total,
    };
  }

  /** The participants' user ids, in the order they joined. */
  async userIds(manager: EntityManager, eventId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT user_id FROM event_participants WHERE event_id = $1 ORDER BY joined_at, user_id`,
      [eventId],
    )) as Array<{ user_id: string }>;
    return rows.map((row) => row.user_id);
  }
}

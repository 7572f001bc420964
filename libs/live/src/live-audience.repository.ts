import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Who, among the users connected to one api instance, follows a runner (blocks either way excluded). */
@Injectable()
export class LiveAudienceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async followersAmong(userId: string, connected: readonly string[]): Promise<string[]> {
    if (connected.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT f.follower_id
         FROM follows f
        WHERE f.following_id = $1 AND f.follower_id = ANY($2::uuid[])
          AND NOT EXISTS (SELECT 1 FROM user_blocks b
                           WHERE (b.blocker_id = f.follower_id AND b.blocked_id = $1)
                              OR (b.blocker_id = $1 AND b.blocked_id = f.follower_id))`,
      [userId, connected],
    )) as Array<{ follower_id: string }>;
    return rows.map((row) => row.follower_id);
  }
}

import { Injectable } from '@nestjs/common';
import type { AccountDeletionHook } from '@runvs/identity';
import { type Enqueue, QueueName } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { StravaRepository } from './strava.repository';
import { StravaConnectionService } from './strava-connection.service';

/** Account deletion revokes our Strava access (the rows themselves go with the account). */
@Injectable()
export class StravaAccountDeletionHook implements AccountDeletionHook {
  constructor(
    private readonly repository: StravaRepository,
    private readonly connections: StravaConnectionService,
  ) {}

  async beforeAccountDeletion(userId: string, manager: EntityManager, enqueue: Enqueue): Promise<void> {
    const connection = await this.repository.byUser(userId, manager);
    if (connection) await enqueue(QueueName.StravaSync, this.connections.deauthorizePayload(connection));
  }
}

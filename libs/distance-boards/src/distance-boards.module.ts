import { Module } from '@nestjs/common';
import { DistanceBoardsAccountDeletionHook } from './distance-boards-account-deletion.hook';
import { DistanceBoardsRepository } from './distance-boards.repository';
import { DistanceBoardsService } from './distance-boards.service';
import { DistanceBoardsStore } from './distance-boards.store';

/** Weekly and monthly distance boards by region (Redis sorted sets fed by the run pipeline). */
@Module({
  providers: [
    DistanceBoardsRepository,
    DistanceBoardsStore,
    DistanceBoardsService,
    DistanceBoardsAccountDeletionHook,
  ],
  exports: [DistanceBoardsService],
})
export class DistanceBoardsModule {}

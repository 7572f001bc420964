import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { LegacyOriginalsService } from '@runvs/imports';

/**
 * Once per worker start, in the background: import originals stored under public keys by older
 * versions are moved to private storage (LegacyOriginalsService; idempotent, a no-op once done).
 */
@Injectable()
export class LegacyOriginalsBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(LegacyOriginalsBootstrap.name);

  constructor(private readonly originals: LegacyOriginalsService) {}

  onApplicationBootstrap(): void {
    void this.originals.moveToPrivateStorage().catch((error: Error) => {
      this.logger.error(`moving public import originals to private storage failed: ${error.message}`);
    });
  }
}

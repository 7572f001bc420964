import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { AddressInfo } from 'node:net';
import { WorkerHealthService } from './health/worker-health.service';
import { OpsHttpServer } from './ops-http-server';

/** The worker's own port (WORKER_HTTP_PORT): /health/live and /health/ready, not public. */
@Injectable()
export class WorkerHttpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpService.name);
  private readonly server: OpsHttpServer;

  constructor(
    health: WorkerHealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.server = new OpsHttpServer({
      '/health/live': () => ({ status: 200, json: { status: 'ok' } }),
      '/health/ready': () => {
        const readiness = health.ready();
        return { status: readiness.status === 'ok' ? 200 : 503, json: readiness };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const address = await this.server.listen(this.config.worker.httpPort, this.config.app.host);
    this.logger.log(`worker health on http://${address.address}:${address.port}/health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }

  /** Where the server listens (tests use port 0). */
  address(): AddressInfo | null {
    return this.server.address();
  }
}

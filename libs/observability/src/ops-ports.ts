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
import { MetricsService } from './metrics/metrics.service';
import { type OpsAnswer, OpsHttpServer, type OpsRoutes } from './ops-http-server';

/** A private port of the process (never published): listens at bootstrap, closes at shutdown. */
abstract class OpsPort implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private server?: OpsHttpServer;

  constructor(protected readonly config: AppConfig) {}

  protected abstract port(): number;
  protected abstract routes(): OpsRoutes;

  async onApplicationBootstrap(): Promise<void> {
    this.server = new OpsHttpServer(this.routes());
    const address = await this.server.listen(this.port(), this.config.app.host);
    this.logger.log(`${Object.keys(this.routes()).join(', ')} on ${address.address}:${address.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }

  /** Where the server listens (port 0 in the tests picks a free one). */
  address(): AddressInfo | null {
    return this.server?.address() ?? null;
  }
}

async function metricsAnswer(metrics: MetricsService): Promise<OpsAnswer> {
  const { text, contentType } = await metrics.exposition();
  return { status: 200, text, contentType };
}

/** The api's /metrics on API_METRICS_PORT, apart from the public port. */
@Injectable()
export class ApiMetricsPort extends OpsPort {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config);
  }

  protected port(): number {
    return this.config.app.metricsPort;
  }

  protected routes(): OpsRoutes {
    return { '/metrics': () => metricsAnswer(this.metrics) };
  }
}

/** The worker's only HTTP, on WORKER_HTTP_PORT: /health/live, /health/ready and /metrics. */
@Injectable()
export class WorkerOpsPort extends OpsPort {
  constructor(
    private readonly health: WorkerHealthService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config);
  }

  protected port(): number {
    return this.config.worker.httpPort;
  }

  protected routes(): OpsRoutes {
    return {
      '/health/live': () => ({ status: 200, json: { status: 'ok' } }),
      '/health/ready': () => {
        const readiness = this.health.ready();
        return { status: readiness.status === 'ok' ? 200 : 503, json: readiness };
      },
      '/metrics': () => metricsAnswer(this.metrics),
    };
  }
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@runvs/config';
import { flushErrorTracking, initErrorTracking } from '@runvs/observability';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfig();
  initErrorTracking(config, 'worker');
  const app = await createWorkerApp(config);
  await app.init();
  const logger = new Logger('Worker');
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing active jobs, then stopping`);
    // Closing the app closes the BullMQ workers, which wait for their active jobs; jobs not yet
    // started stay in Redis for the next worker.
    await app.close();
    await flushErrorTracking();
    logger.log('worker stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: Error) => {
  console.error(error.name === 'ConfigValidationError' ? error.message : error);
  process.exit(1);
});

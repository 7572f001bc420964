import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { initErrorTracking } from '@runvs/observability';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  initErrorTracking(config, 'api');
  const app = await createApiApp(config);
  await app.listen(config.app.port, config.app.host);
}

main().catch((error: Error) => {
  // Config problems are already one readable message; anything else gets its stack.
  console.error(error.name === 'ConfigValidationError' ? error.message : error);
  process.exit(1);
});

import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const app = await createWorkerApp(loadConfig());
  await app.init();
}

main().catch((error: Error) => {
  console.error(error.name === 'ConfigValidationError' ? error.message : error);
  process.exit(1);
});

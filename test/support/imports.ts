import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { eventually } from './apps';

/** What GET /imports/{id} answers once the import has ended (completed or failed). */
export interface FinishedImport {
  id: string;
  status: 'completed' | 'failed';
  activity_type: string | null;
  run_record_id: string | null;
  duplicate_of_run_id: string | null;
  error_message: string | null;
  import_summary: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** Uploads an activity file (POST /imports/upload) and waits until the worker has finished it. */
export async function importActivityFile(
  api: INestApplication,
  authorization: string,
  file: Buffer,
  name: string,
): Promise<FinishedImport> {
  const accepted = await request(api.getHttpServer())
    .post('/api/v1/imports/upload')
    .set('Authorization', authorization)
    .attach('file', file, name);
  if (![200, 201].includes(accepted.status)) {
    throw new Error(`upload answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  }
  const id = accepted.body.import_id as string;
  return eventually<FinishedImport>(
    async () => {
      const shown = await request(api.getHttpServer())
        .get(`/api/v1/imports/${id}`)
        .set('Authorization', authorization)
        .expect(200);
      return ['completed', 'failed'].includes(shown.body.status)
        ? (shown.body as FinishedImport)
        : (null as unknown as FinishedImport);
    },
    { timeoutMs: 30_000 },
  );
}

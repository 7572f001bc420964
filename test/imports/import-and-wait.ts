import type { INestApplication } from '@nestjs/common';
import { eventually } from '@runvs/testing';
import request from 'supertest';

/** Uploads a file to POST /imports/upload, waits until the worker ends it, and returns the import's detail. */
export async function importAndWait(
  api: INestApplication,
  authorization: string,
  file: Buffer,
  name = 'activity',
) {
  const accepted = await request(api.getHttpServer())
    .post('/api/v1/imports/upload')
    .set('Authorization', authorization)
    .attach('file', file, name);
  expect([200, 201]).toContain(accepted.status);
  const id = accepted.body.import_id as string;
  return eventually(
    async () => {
      const shown = await request(api.getHttpServer())
        .get(`/api/v1/imports/${id}`)
        .set('Authorization', authorization)
        .expect(200);
      return ['completed', 'failed'].includes(shown.body.status) ? shown.body : null;
    },
    { timeoutMs: 30_000 },
  );
}

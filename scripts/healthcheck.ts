/**
 * A container's health check (docker/compose.yml):
 *   node dist/scripts/healthcheck.js API_PORT /health/ready
 * asks http://127.0.0.1:<value of API_PORT><path> and exits 0 on a 2xx answer, 1 otherwise (no
 * answer within the timeout, refused, non-2xx). The port comes from the container's environment, so
 * the check follows API_PORT / WORKER_HTTP_PORT wherever they are set. No config loading, no deps.
 */
export async function probe(url: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { ok: response.ok, detail: `${response.status} from ${url}` };
  } catch (error) {
    return { ok: false, detail: `${url}: ${(error as Error).message}` };
  }
}

export function probeUrl(env: NodeJS.ProcessEnv, portVariable: string, path: string): string {
  const port = env[portVariable];
  if (!port || !/^\d+$/.test(port) || Number(port) === 0) {
    throw new Error(`${portVariable} must be a fixed port for the health check (got ${port ?? 'nothing'})`);
  }
  if (!path.startsWith('/')) throw new Error(`the path must start with / (got ${path})`);
  return `http://127.0.0.1:${port}${path}`;
}

async function main(args: string[]): Promise<number> {
  const [portVariable, path] = args;
  if (!portVariable || !path) {
    console.error(
      'usage: healthcheck.js <PORT_VARIABLE> <path>   e.g. healthcheck.js API_PORT /health/ready',
    );
    return 2;
  }
  const result = await probe(
    probeUrl(process.env, portVariable, path),
    Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 4000),
  );
  (result.ok ? console.log : console.error)(result.detail);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

/**
 * What a load phase sends, described as plain data (it crosses into the generator process) and
 * turned into raw request bytes there. Bytes are prepared once; per request only the parts that
 * must differ (a chunk's sequence) are spliced in, so the client's cost per request stays small.
 */

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type Scenario =
  /** The same few requests in turn (hot reads: one per user token, say). */
  | { kind: 'cycle'; requests: RequestSpec[] }
  /**
   * New chunks for live sessions: request i goes to session i mod n with the next unused
   * sequences (`perRequest` chunks per request: 1 → `POST …/chunks`, more → `…/chunks/batch`).
   * `chunkTail` is a chunk's JSON without its sequence: `"chunk_type":…}` .
   */
  | {
      kind: 'chunks';
      pathPrefix: string;
      sessions: Array<{ id: string; token: string }>;
      chunkTail: string;
      perRequest: number;
      firstSequence: number;
    }
  /** Fixed bodies to a path that does no work with them (the bare-server ceilings). */
  | { kind: 'echo'; path: string; body: string };

export interface RequestSource {
  request(index: number): { head: Buffer; body: Buffer | null };
}

function head(
  method: string,
  path: string,
  headers: Record<string, string>,
  bodyLength: number | null,
): Buffer {
  let text = `${method} ${path} HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  if (bodyLength !== null) text += `Content-Type: application/json\r\nContent-Length: ${bodyLength}\r\n`;
  return Buffer.from(`${text}\r\n`, 'latin1');
}

export function requestSource(scenario: Scenario): RequestSource {
  switch (scenario.kind) {
    case 'cycle': {
      const prepared = scenario.requests.map((spec) => {
        const body = spec.body === undefined ? null : Buffer.from(spec.body);
        return { head: head(spec.method, spec.path, spec.headers ?? {}, body ? body.length : null), body };
      });
      return { request: (index) => prepared[index % prepared.length] };
    }
    case 'echo': {
      const body = Buffer.from(scenario.body);
      const prepared = { head: head('POST', scenario.path, {}, body.length), body };
      return { request: () => prepared };
    }
    case 'chunks': {
      const tail = Buffer.from(scenario.chunkTail);
      const n = scenario.sessions.length;
      const batch = scenario.perRequest > 1;
      const sessions = scenario.sessions.map((s) => ({
        path: `${scenario.pathPrefix}/runs/sessions/${s.id}/chunks${batch ? '/batch' : ''}`,
        auth: { Authorization: `Bearer ${s.token}` },
      }));
      return {
        request: (index) => {
          const session = sessions[index % n];
          const first = scenario.firstSequence + Math.floor(index / n) * scenario.perRequest;
          const parts: Buffer[] = [];
          if (batch) parts.push(Buffer.from('{"chunks":['));
          for (let k = 0; k < scenario.perRequest; k++) {
            parts.push(Buffer.from(`${k > 0 ? ',' : ''}{"sequence":${first + k},`), tail);
          }
          if (batch) parts.push(Buffer.from(']}'));
          const body = Buffer.concat(parts);
          return { head: head('POST', session.path, session.auth, body.length), body };
        },
      };
    }
  }
}

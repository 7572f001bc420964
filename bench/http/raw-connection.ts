import { connect, type Socket } from 'node:net';

/** What the server answered to one request. */
export interface RawResponse {
  status: number;
  /** The body, kept only when asked for (error samples): parsing every body would cost the client. */
  body?: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection with at most one request in flight, written as raw bytes and
 * read with a minimal parser (status line, Content-Length or chunked body). A load generator built
 * on node:http spends more CPU per request than a lean server does; this one stays far below the
 * servers it measures, so the ceiling figures are the servers', not the client's.
 */
export class RawConnection {
  private socket!: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: {
    resolve: (r: RawResponse) => void;
    reject: (e: Error) => void;
    keepBody: boolean;
  } | null = null;
  private closeAfter = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  async open(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      socket.once('connect', () => resolve());
      socket.once('error', reject);
      socket.on('data', (data) => this.onData(data));
      socket.on('error', (error) => this.fail(error));
      socket.on('close', () => this.fail(new Error('connection closed by the server')));
      this.socket = socket;
    });
    this.buffer = Buffer.alloc(0);
    this.closeAfter = false;
  }

  /** Sends one request (`head` ends with the blank line) and resolves with the response. */
  async send(head: Buffer, body: Buffer | null, keepBody = false): Promise<RawResponse> {
    if (this.closeAfter || this.socket.destroyed) await this.open();
    return new Promise<RawResponse>((resolve, reject) => {
      this.pending = { resolve, reject, keepBody };
      this.socket.cork();
      this.socket.write(head);
      if (body) this.socket.write(body);
      process.nextTick(() => this.socket.uncork());
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    this.closeAfter = true;
    pending?.reject(error);
  }

  private onData(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    const parsed = parseResponse(this.buffer, this.pending?.keepBody ?? false);
    if (!parsed) return;
    this.buffer = this.buffer.subarray(parsed.consumed);
    if (parsed.close) this.closeAfter = true;
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(parsed.response);
  }
}

/** One complete response at the start of `buf`, or null while bytes are missing. */
export function parseResponse(
  buf: Buffer,
  keepBody: boolean,
): { response: RawResponse; consumed: number; close: boolean } | null {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  let contentLength = -1;
  let chunked = false;
  let close = false;
  let lineStart = head.indexOf('\r\n') + 2;
  while (lineStart > 1 && lineStart < head.length) {
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = head.length;
    const colon = head.indexOf(':', lineStart);
    if (colon > 0 && colon < lineEnd) {
      const name = head.slice(lineStart, colon).toLowerCase();
      const value = head.slice(colon + 1, lineEnd).trim();
      if (name === 'content-length') contentLength = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (name === 'connection') close = value.toLowerCase() === 'close';
    }
    lineStart = lineEnd + 2;
  }
  const bodyStart = headEnd + 4;
  if (chunked) {
    let at = bodyStart;
    const parts: Buffer[] = [];
    for (;;) {
      const sizeEnd = buf.indexOf('\r\n', at);
      if (sizeEnd < 0) return null;
      const size = parseInt(buf.toString('latin1', at, sizeEnd), 16);
      if (buf.length < sizeEnd + 2 + size + 2) return null;
      if (keepBody) parts.push(buf.subarray(sizeEnd + 2, sizeEnd + 2 + size));
      at = sizeEnd + 2 + size + 2;
      if (size === 0) break;
    }
    return {
      response: { status, body: keepBody ? Buffer.concat(parts).toString('utf8') : undefined },
      consumed: at,
      close,
    };
  }
  const length = status === 204 || status === 304 ? 0 : Math.max(0, contentLength);
  if (buf.length < bodyStart + length) return null;
  return {
    response: { status, body: keepBody ? buf.toString('utf8', bodyStart, bodyStart + length) : undefined },
    consumed: bodyStart + length,
    close,
  };
}

import { parseResponse } from '../../bench/http/raw-connection';
import { requestSource } from '../../bench/http/scenarios';

describe('bench HTTP client', () => {
  it('reads a Content-Length response and leaves the next one in the buffer', () => {
    const one =
      'HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    const buffer = Buffer.from(`${one}HTTP/1.1 200 OK\r\n`);
    const parsed = parseResponse(buffer, true)!;
    expect(parsed.response).toEqual({ status: 201, body: '{"ok":true}' });
    expect(parsed.consumed).toBe(Buffer.byteLength(one));
    expect(parseResponse(buffer.subarray(parsed.consumed), false)).toBeNull();
  });

  it('waits for a body that has not fully arrived', () => {
    expect(parseResponse(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nab'), false)).toBeNull();
  });

  it('reads chunked bodies and Connection: close', () => {
    const raw =
      'HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n';
    const parsed = parseResponse(Buffer.from(raw), true)!;
    expect(parsed.response).toEqual({ status: 409, body: 'abcde' });
    expect(parsed.close).toBe(true);
    expect(parsed.consumed).toBe(raw.length);
    expect(parseResponse(Buffer.from(raw.slice(0, -3)), true)).toBeNull();
  });

  it('gives every chunk request a fresh sequence of its session, batches included', () => {
    const source = requestSource({
      kind: 'chunks',
      pathPrefix: '/api/v1',
      sessions: [
        { id: 's1', token: 't1' },
        { id: 's2', token: 't2' },
      ],
      chunkTail: '"chunk_type":"intermediate"}',
      perRequest: 2,
      firstSequence: 0,
    });
    const texts = [0, 1, 2].map((i) => {
      const { head, body } = source.request(i);
      return `${head.toString()}${body!.toString()}`;
    });
    expect(texts[0]).toContain('POST /api/v1/runs/sessions/s1/chunks/batch HTTP/1.1');
    expect(texts[0]).toContain('Authorization: Bearer t1');
    expect(texts[0]).toContain('{"chunks":[{"sequence":0,"chunk_type":"intermediate"},{"sequence":1,');
    expect(texts[1]).toContain('/sessions/s2/');
    expect(texts[2]).toContain('{"sequence":2,"chunk_type":"intermediate"},{"sequence":3,');
    const body = source.request(2).body!;
    expect(texts[2]).toContain(`Content-Length: ${body.length}`);
    expect(JSON.parse(body.toString()).chunks).toHaveLength(2);
  });
});

import { bearerOf, FakeHttpServer, sendJson } from './fake-http-server';

export interface NaverAccount {
  id: string;
  email?: string;
  /** Answer HTTP 200 with this result code instead of "00" (Naver does this for some failures). */
  resultcodeWith200?: string;
}

/** Naver's profile API (`GET /v1/nid/me`) as external-apis.md §3 records it. */
export class FakeNaver extends FakeHttpServer {
  private readonly tokens = new Map<string, NaverAccount>();
  private counter = 0;

  constructor() {
    super((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/v1/nid/me') return sendJson(res, 404, { resultcode: '404', message: 'Not Found' });
      const token = bearerOf(req);
      if (!token) {
        return sendJson(res, 401, { resultcode: '028', message: 'Authentication header not exists' });
      }
      const account = this.tokens.get(token);
      if (!account) return sendJson(res, 401, { resultcode: '024', message: 'Authentication failed' });
      if (account.resultcodeWith200) {
        return sendJson(res, 200, {
          resultcode: account.resultcodeWith200,
          message: 'Authentication failed',
        });
      }
      const profile: Record<string, string> = { id: account.id, age: '20-29', name: '이상원' };
      if (account.email) profile.email = account.email;
      return sendJson(res, 200, { resultcode: '00', message: 'success', response: profile });
    });
  }

  issue(account: Partial<NaverAccount> = {}): { token: string; id: string } {
    this.counter += 1;
    const id =
      account.id ?? `Uskk1N28hTzkqL5vPqnfUabCfidh7V54okhYeHX${String(this.counter).padStart(4, '0')}`;
    const token = `AAAAQosjWDJieBiQZc3to9YQp6HDLvrmyKC-${this.counter}-${Math.random().toString(36).slice(2)}`;
    this.tokens.set(token, { ...account, id });
    return { token, id };
  }
}

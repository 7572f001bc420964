import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The fields of a Google service-account key file that FCM HTTP v1 needs. */
export interface ServiceAccount {
  projectId: string;
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId?: string;
  tokenUri: string;
}

const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/** Reads and checks a service-account JSON file; throws a message naming what is wrong. */
export function loadServiceAccount(path: string): ServiceAccount {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`FCM_SERVICE_ACCOUNT_PATH: cannot read ${path}: ${(error as Error).message}`);
  }
  const field = (name: string): string => {
    const value = raw[name];
    if (typeof value !== 'string' || value === '') {
      throw new Error(`FCM_SERVICE_ACCOUNT_PATH: ${path} has no "${name}"`);
    }
    return value;
  };
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(field('private_key'));
  } catch (error) {
    throw new Error(`FCM_SERVICE_ACCOUNT_PATH: "private_key" is not a PEM key: ${(error as Error).message}`);
  }
  return {
    projectId: field('project_id'),
    clientEmail: field('client_email'),
    privateKey,
    privateKeyId: typeof raw.private_key_id === 'string' ? raw.private_key_id : undefined,
    tokenUri: typeof raw.token_uri === 'string' && raw.token_uri !== '' ? raw.token_uri : DEFAULT_TOKEN_URI,
  };
}

/** The RS256 JWT assertion exchanged for an OAuth access token (external-apis.md §8). */
export function signAssertion(account: ServiceAccount, audience: string, nowSeconds: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = { alg: 'RS256', typ: 'JWT', ...(account.privateKeyId ? { kid: account.privateKeyId } : {}) };
  const claims = {
    iss: account.clientEmail,
    scope: FCM_SCOPE,
    aud: audience,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
  };
  const unsigned = `${encode(header)}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

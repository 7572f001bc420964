import jwt from 'jsonwebtoken';
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { FakeHttpServer, sendJson } from './fake-http-server';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface SignOptions {
  /** Sign with a key that is not published (or with this kid in the header). */
  unpublishedKey?: boolean;
  kid?: string;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomBytes(5).toString('hex'), privateKey, publicKey };
}

/**
 * An OpenID provider that signs id tokens with its own RSA keys and publishes them as a JWKS at
 * `jwksPath` (Apple: /auth/keys, Google: /oauth2/v3/certs), with a Cache-Control max-age like the
 * real ones. `rotate()` publishes a new key and signs with it from then on (the old key stays
 * published, as providers overlap keys).
 */
export class FakeOidcProvider extends FakeHttpServer {
  private keys: SigningKey[] = [newKey()];
  private readonly stray = newKey();

  constructor(
    readonly issuer: string,
    readonly jwksPath: string,
  ) {
    super((req, res) => {
      if ((req.url ?? '').split('?')[0] !== this.jwksPath) return sendJson(res, 404, { error: 'not_found' });
      const keys = this.keys.map(({ kid, publicKey }) => ({
        ...publicKey.export({ format: 'jwk' }),
        kid,
        use: 'sig',
        alg: 'RS256',
      }));
      return sendJson(res, 200, { keys }, { 'Cache-Control': 'public, max-age=21600, must-revalidate' });
    });
  }

  get jwksUrl(): string {
    return `${this.url}${this.jwksPath}`;
  }

  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  /** Publishes a new signing key; tokens are signed with it from now on. */
  rotate(): string {
    this.keys.push(newKey());
    return this.currentKid;
  }

  /** An id token with sensible defaults (iss, iat, exp in 1 h); any claim can be overridden. */
  sign(claims: Record<string, unknown>, options: SignOptions = {}): string {
    const key = options.unpublishedKey ? this.stray : this.keys[this.keys.length - 1];
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: this.issuer, iat: now, exp: now + 3600, ...claims }, key.privateKey, {
      algorithm: 'RS256',
      keyid: options.kid ?? key.kid,
    });
  }

  /** The same claims signed HS256 with the public key as the secret (algorithm confusion). */
  signWithPublicKeyAsHmacSecret(claims: Record<string, unknown>): string {
    const key = this.keys[this.keys.length - 1];
    const secret = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: this.issuer, iat: now, exp: now + 3600, ...claims }, secret, {
      algorithm: 'HS256',
      keyid: key.kid,
    });
  }
}

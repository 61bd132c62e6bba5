// API-key authentication as Hopsworks' ApiKeyFilter does it: `Authorization: ApiKey <prefix>.<secret>`,
// the prefix looks the key up, the secret is compared by digest, and each endpoint needs one scope. A key
// belongs to a user; what that user may do in the project is ProjectAuthFilter's business (server.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { restError } from './errors';

export type Scope = 'PROJECT' | 'MODELREGISTRY' | 'SERVING' | 'KAFKA' | 'FEATURESTORE' | 'DATASET_VIEW';

export const ALL_SCOPES: readonly Scope[] = [
  'PROJECT',
  'MODELREGISTRY',
  'SERVING',
  'KAFKA',
  'FEATURESTORE',
  'DATASET_VIEW',
];

interface StoredKey {
  digest: Buffer;
  scopes: ReadonlySet<Scope>;
  username: string;
}

const SCHEME = 'ApiKey ';

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

// Same alphabet and lengths as Hopsworks keys (16-character prefix, 64-character secret).
function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export class ApiKeys {
  private readonly byPrefix = new Map<string, StoredKey>();

  /** Creates a key of `username` with the given scopes and returns the full key string (shown once, like Hopsworks). */
  create(username: string, scopes: readonly Scope[]): string {
    const prefix = randomToken(16);
    const secret = randomToken(64);
    this.byPrefix.set(prefix, { digest: digest(secret), scopes: new Set(scopes), username });
    return `${prefix}.${secret}`;
  }

  /** A well-formed key whose prefix is in no database: for the 320013 error path. */
  static unknownKey(): string {
    return `${randomToken(16)}.${randomToken(64)}`;
  }

  /**
   * Throws the RestError a real cluster would answer with, or returns the key's user when the header carries a
   * valid key with `scope`. Error texts never contain the key.
   */
  authorize(header: string | undefined, scope: Scope): string {
    if (header === undefined || header === '') {
      throw restError('EJB_ACCESS_LOCAL', 'Authorization header not set.', { 'WWW-Authenticate': 'ApiKey' });
    }
    if (!header.startsWith(SCHEME)) {
      throw restError('EJB_ACCESS_LOCAL', 'Invalidated Api key.', { 'WWW-Authenticate': 'ApiKey' });
    }
    const key = header.slice(SCHEME.length).trim();
    const dot = key.indexOf('.');
    if (dot <= 0 || dot === key.length - 1) throw restError('KEY_INVALID');
    const stored = this.byPrefix.get(key.slice(0, dot));
    if (!stored) throw restError('KEY_NOT_FOUND_IN_DATABASE');
    if (!timingSafeEqual(stored.digest, digest(key.slice(dot + 1)))) throw restError('KEY_INVALID');
    if (!stored.scopes.has(scope)) throw restError('KEY_SCOPE_CONTROL_EXCEPTION');
    return stored.username;
  }
}

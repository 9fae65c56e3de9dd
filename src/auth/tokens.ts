/**
 * API tokens: creation, listing, revocation and authentication. A token is `slk_` followed by
 * 43 base64url characters (256 random bits); only its SHA-256 hash is stored, so a database leak
 * does not leak usable tokens. The token's name is the actor recorded on what it posts.
 */
import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppError, conflict, notFound, validationError } from '../shared/errors.ts';
import type { Database } from '../store/schema.ts';
import { isRole, parseRole, type Role } from './roles.ts';
import type { ApiTokensTable } from './schema.ts';

/** Anything with a Kysely handle: a Store, an Executor, or `{ db: trx }` inside a transaction. */
export interface AuthExecutor {
  db: Kysely<Database>;
}

/** A token as listed (never includes the secret or its hash). */
export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  /** First characters of the token, to recognise it; not enough to use it. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Who is calling: the authenticated token. `name` is the actor recorded on movements. */
export interface Principal {
  tokenId: number;
  name: string;
  role: Role;
}

export const TOKEN_PREFIX = 'slk_';
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 _.@:+-]{0,99}$/;
/** last_used_at is refreshed at most this often per token, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Lower-case hex SHA-256 of a token string. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token string (`slk_` + 256 random bits, base64url). */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: Number(row.id),
    name: row.name,
    role: isRole(row.role) ? row.role : 'viewer',
    prefix: row.token_prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(err?.message ?? '');
}

/**
 * Issues a new token with `role`. `name` (unique, 1-100 characters: letters, digits, space and
 * `_ . @ : + -`) defaults to `<role>-<id>`. Returns the secret token — shown only now — and its
 * record. 409 TOKEN_NAME_TAKEN if the name is in use (revoked tokens keep their names).
 */
export async function createToken(ex: AuthExecutor, input: { role: Role | string; name?: string | null }): Promise<{ token: string; record: ApiToken }> {
  const role = isRole(input.role) ? input.role : parseRole(String(input.role));
  const name = input.name?.trim() || null;
  if (name !== null && !NAME_RE.test(name)) {
    throw validationError(`token name ${JSON.stringify(input.name)} must be 1-100 characters: letters, digits, space, _ . @ : + - (starting with a letter or digit)`, { field: 'name' });
  }
  const token = generateTokenSecret();
  const now = new Date().toISOString();
  const values = {
    // A placeholder unique name when none is given; renamed to <role>-<id> right after.
    name: name ?? `pending-${crypto.randomBytes(8).toString('hex')}`,
    role,
    token_hash: hashToken(token),
    token_prefix: token.slice(0, TOKEN_PREFIX.length + 4),
    created_at: now,
  };
  let row: Selectable<ApiTokensTable>;
  try {
    row = await ex.db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('TOKEN_NAME_TAKEN', `a token named ${JSON.stringify(name)} already exists`, { name });
    throw e;
  }
  if (name === null) {
    const defaultName = `${role}-${row.id}`;
    try {
      row = await ex.db.updateTable('api_tokens').set({ name: defaultName }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    } catch (e) {
      // Someone chose `<role>-<id>` by hand: keep a unique variant.
      if (!isUniqueViolation(e)) throw e;
      row = await ex.db
        .updateTable('api_tokens')
        .set({ name: `${defaultName}-${crypto.randomBytes(3).toString('hex')}` })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
  }
  return { token, record: toApiToken(row) };
}

/** Every token, oldest first; revoked ones only with `includeRevoked`. */
export async function listTokens(ex: AuthExecutor, options: { includeRevoked?: boolean } = {}): Promise<ApiToken[]> {
  let q = ex.db.selectFrom('api_tokens').selectAll().orderBy('id');
  if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
  return (await q.execute()).map(toApiToken);
}

/** Finds a token by id (a number or an all-digit string) or by name; 404 NOT_FOUND otherwise. */
export async function getToken(ex: AuthExecutor, ref: string | number): Promise<ApiToken> {
  const asId = typeof ref === 'number' ? ref : /^\d{1,15}$/.test(ref.trim()) ? Number(ref.trim()) : null;
  let row: Selectable<ApiTokensTable> | undefined;
  if (asId !== null) row = await ex.db.selectFrom('api_tokens').selectAll().where('id', '=', asId).executeTakeFirst();
  if (!row && typeof ref === 'string') row = await ex.db.selectFrom('api_tokens').selectAll().where('name', '=', ref.trim()).executeTakeFirst();
  if (!row) throw notFound('token', ref);
  return toApiToken(row);
}

/**
 * Revokes a token (by id or name): it stops working at once. Revoking an already revoked token
 * changes nothing and returns it with `alreadyRevoked: true`.
 */
export async function revokeToken(ex: AuthExecutor, ref: string | number): Promise<ApiToken & { alreadyRevoked: boolean }> {
  const token = await getToken(ex, ref);
  if (token.revokedAt) return { ...token, alreadyRevoked: true };
  const now = new Date().toISOString();
  await ex.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', token.id).where('revoked_at', 'is', null).execute();
  return { ...(await getToken(ex, token.id)), alreadyRevoked: false };
}

/**
 * The principal a presented token string stands for, or null if it is unknown or revoked.
 * Refreshes `last_used_at` (at most once a minute per token).
 */
export async function authenticateToken(ex: AuthExecutor, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await ex.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await ex.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { tokenId: Number(row.id), name: row.name, role: row.role };
}

/** Name of the admin token `stockloop serve` creates on a database that has no token yet. */
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

/**
 * On a database that has never had a token, issues an admin token named `bootstrap-admin` and
 * returns it; otherwise (or if a concurrent start won the race) returns null.
 */
export async function ensureBootstrapAdmin(ex: AuthExecutor): Promise<{ token: string; record: ApiToken } | null> {
  const existing = await ex.db.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  try {
    return await createToken(ex, { role: 'admin', name: BOOTSTRAP_TOKEN_NAME });
  } catch (e) {
    if (e instanceof AppError && e.code === 'TOKEN_NAME_TAKEN') return null;
    throw e;
  }
}

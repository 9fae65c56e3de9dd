/** Row types of the tables the auth module owns (see src/store/schema.ts for conventions). */
import type { Generated } from 'kysely';

/**
 * `api_tokens`: one row per API token ever issued. Only the SHA-256 hash of the secret is stored;
 * the secret itself is shown once, when the token is created. A revoked token keeps its row (for
 * the audit trail: movements name the token that posted them) with `revoked_at` set.
 */
export interface ApiTokensTable {
  id: Generated<number>;
  /** Unique human name; recorded as the actor on every movement the token posts. */
  name: string;
  /** 'admin' | 'planner' | 'operator' | 'viewer'. */
  role: string;
  /** Lower-case hex SHA-256 of the full token string; unique. */
  token_hash: string;
  /** First characters of the token (e.g. `slk_AbC1`), to recognise it in listings; not a secret. */
  token_prefix: string;
  created_at: Generated<string>;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuthTables {
  api_tokens: ApiTokensTable;
}

/**
 * Compiled query templates for the hot path. Kysely builds and compiles a query on every call, which
 * costs more than SQLite takes to run a lookup by primary key; inbound messages run a handful of such
 * queries each. A template builds its query once per dialect with placeholder values, remembers where
 * each argument lands among the compiled parameters, and afterwards only swaps the values in. The
 * query is still written with Kysely (typed, one text for both dialects).
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Dialect } from '../migrations.ts';
import type { Schema } from '../schema.ts';

type Slot = { arg: number } | { constant: unknown };

interface Compiled<R> {
  query: CompiledQuery<R>;
  slots: Slot[];
}

const PLACEHOLDER = '\u0000sofortdesk-arg-';

/**
 * `build` gets the database and one placeholder per argument, and must use each placeholder as a
 * plain value (in a where, a set or a values list), never in a way that changes the query's shape.
 */
export class QueryTemplate<A extends readonly unknown[], R> {
  private readonly compiled = new Map<Dialect, Compiled<R>>();

  constructor(
    private readonly arity: A['length'],
    private readonly build: (db: Kysely<Schema>, ...args: A) => Compilable<R>,
  ) {}

  async execute(db: Kysely<Schema>, dialect: Dialect, ...args: A): Promise<R[]> {
    const { query, slots } = this.compiledFor(db, dialect);
    const parameters = slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.constant));
    const result = await db.executeQuery<R>({
      ...CompiledQuery.raw(query.sql, parameters),
      query: query.query,
    });
    return result.rows;
  }

  private compiledFor(db: Kysely<Schema>, dialect: Dialect): Compiled<R> {
    let entry = this.compiled.get(dialect);
    if (entry) return entry;
    const placeholders = Array.from({ length: this.arity }, (_, i) => `${PLACEHOLDER}${i}`) as unknown as A;
    const query = this.build(db, ...placeholders).compile();
    const seen = new Set<number>();
    const slots = query.parameters.map((value): Slot => {
      if (typeof value === 'string' && value.startsWith(PLACEHOLDER)) {
        const arg = Number(value.slice(PLACEHOLDER.length));
        seen.add(arg);
        return { arg };
      }
      return { constant: value };
    });
    // A placeholder that never reached the parameters was inlined or transformed: the template would
    // silently run with the first call's shape, so refuse it outright.
    if (seen.size !== this.arity) {
      throw new Error(
        `query template uses ${seen.size} of its ${this.arity} arguments as parameters: ${query.sql}`,
      );
    }
    entry = { query, slots };
    this.compiled.set(dialect, entry);
    return entry;
  }
}

/** Templates whose shape depends on a key (e.g. which columns an update sets), built on first use. */
export class QueryTemplates<A extends readonly unknown[], R> {
  private readonly byKey = new Map<string, QueryTemplate<A, R>>();

  constructor(
    private readonly arity: (key: string) => number,
    private readonly build: (key: string) => (db: Kysely<Schema>, ...args: A) => Compilable<R>,
    private readonly max = 64,
  ) {}

  for(key: string): QueryTemplate<A, R> {
    let template = this.byKey.get(key);
    if (!template) {
      if (this.byKey.size >= this.max) throw new Error(`more than ${this.max} shapes of one query template`);
      template = new QueryTemplate<A, R>(this.arity(key), this.build(key));
      this.byKey.set(key, template);
    }
    return template;
  }
}

type RowOf<T extends keyof Schema> = Schema[T] extends infer R ? R : never;

const inserts = new Map<string, QueryTemplate<unknown[], unknown>>();

/**
 * INSERT of rows into a table through a template per table, column list and row count (the shapes a
 * hot path uses are few; at most 256 are kept). Same result as db.insertInto(table).values(rows).
 */
export async function insertRows<T extends keyof Schema>(
  db: Kysely<Schema>,
  dialect: Dialect,
  table: T,
  rows: readonly RowOf<T>[],
): Promise<void> {
  const columns = Object.keys(rows[0] as object);
  const key = `${dialect}:${table}:${rows.length}:${columns.join(',')}`;
  let template = inserts.get(key);
  if (!template) {
    if (inserts.size >= 256) inserts.clear();
    template = new QueryTemplate<unknown[], unknown>(columns.length * rows.length, (tx, ...args) =>
      tx
        .insertInto(table)
        .values(
          rows.map((_, r) =>
            Object.fromEntries(columns.map((column, c) => [column, args[r * columns.length + c]])),
          ) as never,
        ),
    );
    inserts.set(key, template);
  }
  const args: unknown[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const column of columns) {
      if (!(column in values)) throw new Error(`rows of ${table} differ in their columns`);
      args.push(values[column]);
    }
  }
  await template.execute(db, dialect, ...args);
}

/**
 * Which better-sqlite3 to load. Node 24.19 made node::ObjectWrap finalisers register cleanup hooks,
 * and better-sqlite3 12 aborts the process when a statement is garbage-collected outside JavaScript
 * (WiseLibs/better-sqlite3#1515). Version 13 fixes that but needs Node 22, and Node 20 is still
 * supported. Both are installed (13 as `better-sqlite3-napi`, prebuilt N-API binaries, no install
 * script); this picks the one that is safe on the running Node. Same API, same file format.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);
const nodeMajor = Number(process.versions.node.split('.')[0]);

export const SQLite: typeof BetterSqlite3 =
  nodeMajor >= 22
    ? (require('better-sqlite3-napi') as typeof BetterSqlite3)
    : (require('better-sqlite3') as typeof BetterSqlite3);

export type { BetterSqlite3 };

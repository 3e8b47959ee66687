/**
 * What the browser apps' builds (apps/agent, apps/widget) share: a fingerprint of everything a build
 * depends on, a stamp beside the build to compare it with (so `npm start` rebuilds only when
 * something changed), and the swap of a finished build into place in one rename, so a running
 * server never serves half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Beside the build, never served (the server refuses dotfiles). */
const STAMP = '.source-hash';

export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** A hash of the given files (tests left out), this module, and the installed libraries (the lock file). */
export function sourceHash(inputs: string[]): string {
  const files = [...inputs, fileURLToPath(import.meta.url), path.join(REPO_ROOT, 'package-lock.json')]
    .filter((file) => !file.endsWith('.test.ts') && existsSync(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether `dist` holds `entry` built from sources with this hash. */
export function isCurrent(dist: string, entry: string, hash: string): boolean {
  try {
    return statSync(path.join(dist, entry)).isFile() && readFileSync(path.join(dist, STAMP), 'utf8') === hash;
  } catch {
    return false;
  }
}

/** A fresh temporary output folder beside `dist`. */
export function temporaryDist(root: string): string {
  return path.join(root, `.dist-${process.pid}-${Date.now()}`);
}

/** Stamps the finished build in `temporary` with its hash and puts it in place of `dist`. */
export function swapIn(temporary: string, dist: string, hash: string): void {
  writeFileSync(path.join(temporary, STAMP), hash);
  const old = `${dist}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(temporary, dist);
  rmSync(old, { recursive: true, force: true });
}

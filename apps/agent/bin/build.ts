/**
 * Builds the agent workspace (React, Vite) into apps/agent/dist, which the server serves at `/`.
 * `npm start` runs this with --if-stale: it hashes the app's sources and the lock file and builds
 * only when the hash differs from the one stored beside the last build, so a current start costs
 * a few milliseconds. The build goes to a temporary folder first and replaces dist in one rename,
 * so a running server never sees half a build.
 *
 *   tsx apps/agent/bin/build.ts             build now
 *   tsx apps/agent/bin/build.ts --if-stale  build only when the sources changed since the last build
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import {
  filesUnder,
  isCurrent as isBuilt,
  REPO_ROOT,
  sourceHash as hashOf,
  swapIn,
  temporaryDist,
} from '../../../tools/static-build.ts';

export const AGENT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AGENT_DIST = path.join(AGENT_ROOT, 'dist');

/**
 * Everything the build depends on: the app's sources, the shared code it bundles (the markdown
 * subset), this script, and the installed libraries.
 */
export function sourceHash(): string {
  return hashOf([
    ...filesUnder(path.join(AGENT_ROOT, 'src')),
    path.join(AGENT_ROOT, '../../packages/protocol/src/markdown.ts'),
    ...filesUnder(path.join(AGENT_ROOT, 'public')),
    path.join(AGENT_ROOT, 'index.html'),
    fileURLToPath(import.meta.url),
  ]);
}

export function isCurrent(hash = sourceHash()): boolean {
  return isBuilt(AGENT_DIST, 'index.html', hash);
}

/** The Vite configuration, shared with vite.config.ts (the development server). */
export async function viteConfig(): Promise<InlineConfig> {
  const { default: react } = await import('@vitejs/plugin-react');
  return {
    root: AGENT_ROOT,
    configFile: false,
    base: '/',
    plugins: [react()],
    build: {
      target: 'es2022',
      assetsDir: 'assets',
      // Every supported browser preloads modules natively.
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  };
}

export async function buildAgent(options: { quiet?: boolean } = {}): Promise<{ ms: number }> {
  const started = performance.now();
  const hash = sourceHash();
  const { build } = await import('vite');
  const temporary = temporaryDist(AGENT_ROOT);
  // Vite takes production mode from NODE_ENV, which test runners set to "test": a build is always
  // for production (React's production build, minified), wherever it runs.
  // eslint-disable-next-line no-restricted-syntax -- Vite's own switch, not Sofortdesk's configuration
  const env = process.env;
  const nodeEnv = env.NODE_ENV;
  env.NODE_ENV = 'production';
  try {
    const config = await viteConfig();
    await build({
      ...config,
      logLevel: options.quiet ? 'warn' : 'info',
      build: { ...config.build, outDir: temporary, emptyOutDir: true },
    });
    swapIn(temporary, AGENT_DIST, hash);
  } finally {
    if (nodeEnv === undefined) delete env.NODE_ENV;
    else env.NODE_ENV = nodeEnv;
    rmSync(temporary, { recursive: true, force: true });
  }
  return { ms: Math.round(performance.now() - started) };
}

/** Builds when the sources changed since the last build; answers whether it did. */
export async function ensureAgentBuilt(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (isCurrent()) return false;
  await buildAgent(options);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || !isCurrent()) {
    process.stdout.write('Building the agent app (apps/agent) …\n');
    const { ms } = await buildAgent({ quiet: ifStale });
    process.stdout.write(
      `Agent app built in ${(ms / 1000).toFixed(1)} s: ${path.relative(REPO_ROOT, AGENT_DIST)}\n`,
    );
  }
}

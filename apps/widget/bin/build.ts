/**
 * Builds the embeddable chat widget (Preact, one classic script) into apps/widget/dist/widget.js,
 * which the server serves at `/widget.js`. Like the agent app's build: `npm start` runs this with
 * --if-stale (a hash of the sources decides), and the build replaces dist in one rename. The script's
 * gzipped size is measured, printed and written to dist/size.json (read by the bench); a build over
 * the budget fails.
 *
 *   tsx apps/widget/bin/build.ts             build now
 *   tsx apps/widget/bin/build.ts --if-stale  build only when the sources changed since the last build
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  filesUnder,
  isCurrent as isBuilt,
  REPO_ROOT,
  sourceHash as hashOf,
  swapIn,
  temporaryDist,
} from '../../../tools/static-build.ts';

export const WIDGET_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_DIST = path.join(WIDGET_ROOT, 'dist');
export const WIDGET_FILE = 'widget.js';
/** The most the widget may weigh on a customer's page, gzipped. */
export const WIDGET_BUDGET_GZIP_BYTES = 35 * 1024;

export interface WidgetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  budgetGzipBytes: number;
}

/**
 * Everything the build depends on: the widget's sources, the shared code it bundles (the markdown
 * subset), this script, and the installed libraries.
 */
export function sourceHash(): string {
  return hashOf([
    ...filesUnder(path.join(WIDGET_ROOT, 'src')),
    path.join(WIDGET_ROOT, '../../packages/protocol/src/markdown.ts'),
    fileURLToPath(import.meta.url),
  ]);
}

export function isCurrent(hash = sourceHash()): boolean {
  return isBuilt(WIDGET_DIST, WIDGET_FILE, hash);
}

export function measure(file: string): WidgetSize {
  const body = readFileSync(file);
  return {
    file: path.basename(file),
    bytes: body.length,
    gzipBytes: gzipSync(body, { level: 9 }).length,
    budgetGzipBytes: WIDGET_BUDGET_GZIP_BYTES,
  };
}

export async function buildWidget(
  options: { quiet?: boolean } = {},
): Promise<{ ms: number; size: WidgetSize }> {
  const started = performance.now();
  const hash = sourceHash();
  const { build } = await import('vite');
  const temporary = temporaryDist(WIDGET_ROOT);
  try {
    await build({
      root: WIDGET_ROOT,
      configFile: false,
      publicDir: false,
      logLevel: options.quiet ? 'warn' : 'info',
      // Preact reads no NODE_ENV; nothing else may depend on the runner's (test) environment.
      mode: 'production',
      define: { 'process.env.NODE_ENV': '"production"' },
      esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
      build: {
        outDir: temporary,
        emptyOutDir: true,
        target: 'es2022',
        minify: 'esbuild',
        reportCompressedSize: false,
        // One classic script (it is loaded with a plain <script async>): no chunks, no globals of its own.
        lib: {
          entry: path.join(WIDGET_ROOT, 'src/main.tsx'),
          formats: ['iife'],
          name: 'SofortdeskWidget',
          fileName: () => WIDGET_FILE,
        },
        rollupOptions: { output: { inlineDynamicImports: true } },
      },
    });
    const size = measure(path.join(temporary, WIDGET_FILE));
    if (size.gzipBytes > WIDGET_BUDGET_GZIP_BYTES) {
      throw new Error(
        `The widget is ${size.gzipBytes} bytes gzipped, over its budget of ${WIDGET_BUDGET_GZIP_BYTES}.`,
      );
    }
    writeFileSync(path.join(temporary, 'size.json'), `${JSON.stringify(size, null, 2)}\n`);
    swapIn(temporary, WIDGET_DIST, hash);
    return { ms: Math.round(performance.now() - started), size };
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/** Builds when the sources changed since the last build; answers whether it did. */
export async function ensureWidgetBuilt(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (isCurrent()) return false;
  await buildWidget(options);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || !isCurrent()) {
    process.stdout.write('Building the chat widget (apps/widget) …\n');
    const { ms, size } = await buildWidget({ quiet: ifStale });
    process.stdout.write(
      `Chat widget built in ${(ms / 1000).toFixed(1)} s: ${path.relative(REPO_ROOT, WIDGET_DIST)}/${size.file}, ` +
        `${(size.gzipBytes / 1024).toFixed(1)} KB gzipped (budget ${WIDGET_BUDGET_GZIP_BYTES / 1024} KB)\n`,
    );
  }
}

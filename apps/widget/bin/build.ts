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
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WIDGET_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_DIST = path.join(WIDGET_ROOT, 'dist');
export const WIDGET_FILE = 'widget.js';
/** The most the widget may weigh on a customer's page, gzipped. */
export const WIDGET_BUDGET_GZIP_BYTES = 35 * 1024;
const REPO_ROOT = path.resolve(WIDGET_ROOT, '../..');
/** Beside the build, never served. */
const STAMP = '.source-hash';

export interface WidgetSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  budgetGzipBytes: number;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Everything the build depends on: the widget's sources, this script, and the installed libraries. */
export function sourceHash(): string {
  const inputs = [
    ...filesUnder(path.join(WIDGET_ROOT, 'src')),
    fileURLToPath(import.meta.url),
    path.join(REPO_ROOT, 'package-lock.json'),
  ]
    .filter((file) => !file.endsWith('.test.ts') && existsSync(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of inputs) {
    hash.update(path.relative(REPO_ROOT, file)).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isCurrent(hash = sourceHash()): boolean {
  try {
    return (
      statSync(path.join(WIDGET_DIST, WIDGET_FILE)).isFile() &&
      readFileSync(path.join(WIDGET_DIST, STAMP), 'utf8') === hash
    );
  } catch {
    return false;
  }
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
  const temporary = path.join(WIDGET_ROOT, `.dist-${process.pid}-${Date.now()}`);
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
    writeFileSync(path.join(temporary, STAMP), hash);
    const old = `${WIDGET_DIST}.old-${process.pid}`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(WIDGET_DIST)) renameSync(WIDGET_DIST, old);
    renameSync(temporary, WIDGET_DIST);
    rmSync(old, { recursive: true, force: true });
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

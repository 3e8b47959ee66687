/**
 * The real Sofortdesk server as a child OS process (`node apps/cli/bin/sofortdesk.js start`), so a
 * test can SIGKILL it and a benchmark can read its own RSS. Shared by tests/crash.test.ts and bench/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../apps/cli/bin/sofortdesk.js', import.meta.url));

export const ADMIN_EMAIL = 'bench-admin@example.com';
export const ADMIN_PASSWORD = 'bench-admin-password-1234';
/** Registered by the server's bootstrap on an empty database (SOFORTDESK_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'bench_admin_token_0123456789abcdefghijkl';

/** A port nobody listens on right now (loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Resolves when the process has exited (with its code, or the signal's name). */
  exited: Promise<number | string>;
  /** SIGKILL: no shutdown code runs, like a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop (closes sockets, the database). */
  stop(timeoutMs?: number): Promise<void>;
  /** The last few kilobytes of the process's stdout and stderr, for failure messages. */
  output(): string;
}

export interface StartOptions {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Another checkout to run the server of (bench/compare.ts); default: this one. */
  cwd?: string;
}

/** Starts the server and resolves once /readyz answers 200. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const tree = options.cwd ?? REPO_ROOT;
  const cli = options.cwd ? path.join(options.cwd, 'apps/cli/bin/sofortdesk.js') : CLI;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, 'start'], {
    cwd: tree,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      SOFORTDESK_DEMO: 'off',
      SOFORTDESK_ADMIN_EMAIL: ADMIN_EMAIL,
      SOFORTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SOFORTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      SOFORTDESK_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const url = `http://127.0.0.1:${options.port}`;
  const server: ServerProcess = {
    child,
    pid: child.pid!,
    port: options.port,
    url,
    exited,
    output: () => tail,
    async kill() {
      if (!done) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 10_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (done) throw new Error(`the server exited (${String(await exited)}) before it was ready:\n${tail}`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(
        `the server did not become ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${tail}`,
      );
    }
    await sleep(25);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc (Linux only; undefined elsewhere). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** A JSON request with the admin's (or another) Bearer token. Throws unless the status is 2xx. */
export async function apiCall<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` },
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(base + path, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

/** Creates an API inbox as the bootstrap admin; returns its id. */
export async function createApiInbox(base: string, name = 'Bench'): Promise<string> {
  const { body } = await apiCall<{ id: string }>(base, 'POST', '/api/v1/inboxes', { name, channel: 'api' });
  return body.id;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux only). */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (the 14th and 15th fields of the whole line), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has been busy (all cores, all processes), from /proc/stat (Linux only). */
export function machineBusySeconds(): number | undefined {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return undefined;
  }
}

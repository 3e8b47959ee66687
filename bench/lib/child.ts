/** A small TypeScript helper server of the benchmark as a child process (its own RSS, its own core). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './server-process.ts';

export interface ScriptProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Runs bench/<script> through tsx; resolves when it prints `listening <port>`. */
export function startScript(script: string, args: string[] = []): Promise<ScriptProcess> {
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start:\n${output}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it listened:\n${output}`));
    });
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = Number(match[1]);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        child,
        pid: child.pid!,
        port,
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

/**
 * Before and after: the inbound-message throughput of this tree's server and of another checkout's
 * (e.g. an older commit: `git archive <commit> | tar -x -C /tmp/old`, with node_modules linked),
 * alternating, same load as `npm run bench` section a. A tool for judging a change on a shared,
 * noisy machine, where only figures taken side by side compare.
 *
 *   npx tsx bench/compare.ts OTHER_TREE [rounds=2] [seconds=6]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './lib/load.ts';
import {
  ADMIN_TOKEN,
  cpuSecondsOf,
  createApiInbox,
  freePort,
  REPO_ROOT,
  startServerProcess,
} from './lib/server-process.ts';

const [other, roundsArg, secondsArg] = process.argv.slice(2);
if (!other || !fs.existsSync(path.join(other, 'apps/cli/bin/sofortdesk.js'))) {
  console.error('usage: npx tsx bench/compare.ts OTHER_TREE [rounds] [seconds]');
  process.exit(64);
}
const rounds = Number(roundsArg ?? 2);
const seconds = Number(secondsArg ?? 6);
const trees = { other: path.resolve(other), this: REPO_ROOT };

for (let round = 1; round <= rounds; round++) {
  for (const synchronous of ['NORMAL', 'FULL'] as const) {
    for (const [name, tree] of Object.entries(trees)) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-compare-'));
      const server = await startServerProcess({
        port: await freePort(),
        databaseUrl: `sqlite:${path.join(dir, 'db.sqlite')}`,
        env: { DATA_DIR: dir, SOFORTDESK_SQLITE_SYNCHRONOUS: synchronous },
        cwd: tree,
      });
      try {
        const inboxId = await createApiInbox(server.url);
        const options = {
          url: server.url,
          path: `/api/v1/inboxes/${inboxId}/messages`,
          token: ADMIN_TOKEN,
          connections: 32,
          customers: 1000,
        };
        await runLoad({ ...options, durationS: 2, idPrefix: 'warm' });
        const cpu0 = cpuSecondsOf(server.pid) ?? NaN;
        const load = await runLoad({ ...options, durationS: seconds, idPrefix: 'm' });
        const cpuMs = (((cpuSecondsOf(server.pid) ?? NaN) - cpu0) * 1000) / load.acknowledged;
        console.log(
          `round ${round} ${synchronous.padEnd(6)} ${name.padEnd(5)} ${load.perSecond.toFixed(0).padStart(5)} msg/s  p99 ${load.latencyP99Ms} ms  server CPU ${cpuMs.toFixed(2)} ms/msg`,
        );
      } finally {
        await server.kill();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

/**
 * Where the server's time goes while it ingests messages: starts the server under `node --cpu-prof`,
 * runs the throughput benchmark's load for a few seconds, and prints self time by area (our packages,
 * each dependency, Node internals) and the heaviest functions. A tool for working on speed, not a
 * benchmark: the profiler itself slows the server down.
 *
 *   npx tsx bench/profile-ingest.ts [seconds=8] [NORMAL|FULL]
 *   npx tsx bench/profile-ingest.ts FILE.cpuprofile     (summarise a profile taken otherwise)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './lib/load.ts';
import {
  ADMIN_TOKEN,
  createApiInbox,
  freePort,
  REPO_ROOT,
  startServerProcess,
} from './lib/server-process.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const given = process.argv[2]?.endsWith('.cpuprofile') ? process.argv[2] : undefined;
const profile = given ? (JSON.parse(readFileSync(given, 'utf8')) as Profile) : await profileServer();

async function profileServer(): Promise<Profile> {
  const seconds = Number(process.argv[2] ?? 8);
  const synchronous = process.argv[3] === 'FULL' ? 'FULL' : 'NORMAL';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-profile-'));
  const profDir = path.join(dir, 'prof');
  const server = await startServerProcess({
    port: await freePort(),
    databaseUrl: '',
    env: { DATA_DIR: path.join(dir, 'data'), SOFORTDESK_SQLITE_SYNCHRONOUS: synchronous },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
  });
  try {
    const inboxId = await createApiInbox(server.url);
    const load = await runLoad({
      url: server.url,
      path: `/api/v1/inboxes/${inboxId}/messages`,
      token: ADMIN_TOKEN,
      connections: 32,
      durationS: seconds,
      customers: 1000,
      idPrefix: 'p',
    });
    console.log(`${load.perSecond.toFixed(0)} msg/s under the profiler (synchronous=${synchronous})`);
    await server.stop();
  } finally {
    await server.kill();
  }
  const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const written = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as Profile;
  rmSync(dir, { recursive: true, force: true });
  return written;
}

const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
);
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const rel = url.replace('file://', '').replace(REPO_ROOT, '');
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (dep) return dep[1]!;
  if (rel.startsWith('node:')) return 'node:' + rel.slice(5).split('/')[0];
  const ours = /^(packages|apps)\/([^/]+)/.exec(rel);
  return ours ? `${ours[1]}/${ours[2]}` : rel;
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const ms = selfMs.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const area = areaOf(url, functionName);
  byArea.set(area, (byArea.get(area) ?? 0) + ms);
  const key = `${functionName || '(anonymous)'} ${url ? `${areaOf(url, '')}:${path.basename(url)}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const show = (map: Map<string, number>, n: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([key, ms]) => console.log(`${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}`));
console.log('\nSelf time by area:');
show(byArea, 25);
console.log('\nHeaviest functions (self time):');
show(byFunction, 40);

// Inclusive time of the functions whose name matches PROFILE_FOCUS (a regex), e.g. "drain|ingestOnce".
const focus = process.env.PROFILE_FOCUS;
if (focus) {
  const pattern = new RegExp(focus);
  const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
  const inclusive = (id: number): number =>
    (selfMs.get(id) ?? 0) + (children.get(id) ?? []).reduce((sum, child) => sum + inclusive(child), 0);
  const totals = new Map<string, number>();
  const visit = (id: number, inside: Set<string>) => {
    const node = profile.nodes.find((n) => n.id === id)!;
    const name = node.callFrame.functionName;
    let next = inside;
    if (pattern.test(name) && !inside.has(name)) {
      totals.set(name, (totals.get(name) ?? 0) + inclusive(id));
      next = new Set(inside).add(name);
    }
    for (const child of children.get(id) ?? []) visit(child, next);
  };
  visit(profile.nodes[0]!.id, new Set());
  console.log('\nInclusive time:');
  show(totals, 30);
}

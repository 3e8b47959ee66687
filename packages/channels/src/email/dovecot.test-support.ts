/**
 * A real IMAP server for tests: Debian's dovecot-imapd, started in the foreground with its own
 * configuration, maildirs and password file in a temporary directory, on a free loopback port.
 * `.ci/run` installs the package; where it is missing the tests say so and are skipped.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DOVECOT = '/usr/sbin/dovecot';

export const dovecotProblem: string | undefined = !fs.existsSync(DOVECOT)
  ? `no IMAP server for the test: ${DOVECOT} is missing (apt-get install dovecot-imapd)`
  : process.getuid?.() !== 0
    ? 'dovecot must be started as root for its own privilege separation'
    : undefined;

// CI installs dovecot: there the IMAP tests must run, never be skipped.
// eslint-disable-next-line no-restricted-syntax -- a switch of the test harness, not the product's config
if (dovecotProblem && process.env.SOFORTDESK_REQUIRE_IMAP === '1') {
  throw new Error(`SOFORTDESK_REQUIRE_IMAP=1 but ${dovecotProblem}`);
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number, deadline: number, child: ChildProcess, log: string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`dovecot exited with ${child.exitCode}:\n${tail}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port} in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-dovecot-'));
  // Mail is owned by Debian's unprivileged `dovecot` user: dovecot refuses root for mail processes.
  const owner = execFileSync('id', ['-u', 'dovecot']).toString().trim();
  const group = execFileSync('id', ['-g', 'dovecot']).toString().trim();
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'service@shop.example';
  const password = 'imap-test-password';
  const mail = path.join(dir, 'mail');
  fs.mkdirSync(mail);
  fs.chownSync(mail, Number(owner), Number(group));
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const log = path.join(dir, 'dovecot.log');
  const config = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    config,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${log}`,
      'protocols = imap',
      // Debian's dovecot user is a system account (uid below 500).
      `first_valid_uid = ${owner}`,
      `first_valid_gid = ${group}`,
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${mail}/%u`,
      `passdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=${owner} gid=${group} home=${mail}/%u\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service stats {\n  unix_listener stats-reader {\n    mode = 0600\n  }\n  unix_listener stats-writer {\n    mode = 0600\n  }\n}',
      '',
    ].join('\n'),
  );
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: 'ignore' });
  try {
    await listening(port, Date.now() + 15_000, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The e-mail channel's wiring: the installation's secret key (sealing inbox secrets), and the inbound
 * SMTP listener that hands every mail to channels/email/receive.ts.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSecretKey, type Config } from '@sofortdesk/config';
import {
  findEmailInbox,
  newSecretKey,
  receiveMail,
  SmtpListener,
  type MailReceiverDeps,
} from '@sofortdesk/channels';
import type { Logger } from './logger.ts';

/**
 * The largest mail the listener takes (SIZE); relays answer larger ones to their sender. Room for a
 * 20 MB attachment, which base64 makes about 27 MB.
 */
export const MAIL_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;
/** The largest attachment of a mail stored as a file (the raw message keeps every one). */
export const MAIL_ATTACHMENT_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * SOFORTDESK_SECRET_KEY, or DATA_DIR/secret.key: made on the first start (0600), so a fresh install
 * works without a setting, and read again on every later start. A malformed file stops the start:
 * a new key would make every sealed secret unreadable.
 */
export function loadSecretKey(config: Config, logger: Logger): Uint8Array {
  if (config.secretKey) return config.secretKey;
  const file = join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      // wx: two processes starting at once on one DATA_DIR must not each write their own key.
      writeFileSync(file, `${newSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      logger.info({ file }, 'generated the secret key for stored secrets; back it up with the database');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte key (hex or base64)`);
  return key;
}

export async function startSmtpListener(
  smtp: { port: number; host: string },
  deps: MailReceiverDeps,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const listener = new SmtpListener({
    host: smtp.host,
    port: smtp.port,
    maxBytes: MAIL_SIZE_LIMIT_BYTES,
    accepts: async (address) => (await findEmailInbox(deps, address)) !== undefined,
    deliver: async (raw, envelope) => {
      const received = await receiveMail(deps, raw, envelope);
      for (const { inboxId, result } of received) {
        logger.info(
          {
            inboxId,
            outcome: result.outcome,
            messageId: result.messageId,
            conversationId: result.conversationId,
          },
          'mail received',
        );
      }
    },
    onError: (error) => logger.warn({ err: error }, 'smtp'),
  });
  const port = await listener.listen();
  logger.info({ host: smtp.host, port }, 'SMTP listener started');
  return { port, close: () => listener.close() };
}

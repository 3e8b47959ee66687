import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MailRejectedError,
  SmtpListener,
  type SmtpEnvelope,
  type SmtpListenerOptions,
} from './smtp-listener.ts';

const listeners: SmtpListener[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) await listener.close();
});

async function start(options: Partial<SmtpListenerOptions>) {
  const listener = new SmtpListener({
    host: '127.0.0.1',
    port: 0,
    maxBytes: 64 * 1024,
    accepts: (address) => Promise.resolve(address.startsWith('service')),
    deliver: () => Promise.resolve(),
    ...options,
  });
  listeners.push(listener);
  const port = await listener.listen();
  return createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

const mail = { from: 'kunde@example.test', to: 'service@shop.example.test', subject: 'Hallo', text: 'Text' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { responseCode?: number; response?: string }) => error,
  );

describe('SmtpListener', () => {
  it('answers 250 only once deliver has finished, with the raw mail and the envelope', async () => {
    const steps: string[] = [];
    let received: { raw: string; envelope: SmtpEnvelope } | undefined;
    const transport = await start({
      deliver: async (raw, envelope) => {
        steps.push('deliver started');
        await new Promise((resolve) => setImmediate(resolve));
        received = { raw: raw.toString('utf8'), envelope };
        steps.push('stored');
      },
    });
    const info = await transport.sendMail(mail);
    steps.push('sender got 250');
    expect(steps).toEqual(['deliver started', 'stored', 'sender got 250']);
    expect(info.response).toMatch(/^250/);
    expect(received!.raw).toMatch(/Subject: Hallo/);
    expect(received!.envelope).toEqual({
      mailFrom: 'kunde@example.test',
      rcptTo: ['service@shop.example.test'],
    });
  });

  it('refuses unknown recipients with 550 before any data', async () => {
    let delivered = false;
    const transport = await start({
      deliver: () => {
        delivered = true;
        return Promise.resolve();
      },
    });
    const error = await failure(transport.sendMail({ ...mail, to: 'nobody@shop.example.test' }));
    expect(error?.responseCode).toBe(550);
    expect(delivered).toBe(false);
  });

  it('answers 451 when storing fails (the relay retries), and a rejection with its own code', async () => {
    const failing = await start({ deliver: () => Promise.reject(new Error('database down')) });
    expect((await failure(failing.sendMail(mail)))?.responseCode).toBe(451);
    const rejecting = await start({
      deliver: () => Promise.reject(new MailRejectedError('5.6.0 The message could not be parsed', 554)),
    });
    const error = await failure(rejecting.sendMail(mail));
    expect(error?.responseCode).toBe(554);
    expect(error?.response).toMatch(/could not be parsed/);
  });

  it('answers 552 for a mail over the size limit and does not deliver it', async () => {
    let delivered = false;
    const transport = await start({
      deliver: () => {
        delivered = true;
        return Promise.resolve();
      },
    });
    const error = await failure(transport.sendMail({ ...mail, text: 'x'.repeat(100 * 1024) }));
    expect(error?.responseCode).toBe(552);
    expect(delivered).toBe(false);
  });
});

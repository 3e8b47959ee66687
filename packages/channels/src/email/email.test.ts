import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AutoReplyLimiter, automatedReason, deliveryFailure, headerMap } from './automation.ts';
import { foldQuotes } from './quotes.ts';
import { referencedMessageIds, threadMessageId, threadReplyAddress, verifiedThread } from './threading.ts';

const conversationId = '01a20000-0000-7000-8000-00000000c0c0';
const anna = '01a20000-0000-7000-8000-0000000a77a0';
const ben = '01a20000-0000-7000-8000-00000000be70';

describe('threading tokens', () => {
  const key = randomBytes(32);
  const ref = { conversationId, contactId: anna };

  it('continues the conversation from a reply to our Message-ID, for the contact it was sent to', () => {
    const messageId = threadMessageId(key, ref, 'msg-1', 'mail.example.test');
    expect(messageId).toMatch(/^<sd\.[0-9a-f-]{36}\.msg1\.[A-Za-z0-9_-]{22}@mail\.example\.test>$/);
    // Outlook keeps our id in References only; Gmail in both.
    expect(
      verifiedThread(key, anna, { recipients: ['service@example.test'], references: `<x@y> ${messageId}` }),
    ).toBe(conversationId);
    expect(verifiedThread(key, anna, { recipients: [], inReplyTo: messageId })).toBe(conversationId);
  });

  it('continues it from the signed reply address too', () => {
    const address = threadReplyAddress(key, ref, 'service@example.test');
    expect(address).toMatch(/^service\+c-[a-z2-7]{42}@example\.test$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(verifiedThread(key, anna, { recipients: ['other@x.test', address.toUpperCase()] })).toBe(
      conversationId,
    );
  });

  it('never lets another customer, another key or a forged token into the conversation', () => {
    const messageId = threadMessageId(key, ref, 'msg-1', 'mail.example.test');
    const address = threadReplyAddress(key, ref, 'service@example.test');
    // Ben got Anna's mail forwarded and answers it: a new conversation, not Anna's.
    expect(verifiedThread(key, ben, { recipients: [address], inReplyTo: messageId })).toBeUndefined();
    expect(
      verifiedThread(randomBytes(32), anna, { recipients: [address], inReplyTo: messageId }),
    ).toBeUndefined();
    // One character of the tag changed (a middle one: every bit of it counts).
    const forged = messageId.replace(
      /\.([A-Za-z0-9_-]{22})@/,
      (_, tag: string) => `.${tag.slice(0, 5)}${tag[5] === 'x' ? 'y' : 'x'}${tag.slice(6)}@`,
    );
    expect(forged).not.toBe(messageId);
    expect(verifiedThread(key, anna, { recipients: [], inReplyTo: forged })).toBeUndefined();
    const otherConversation = messageId.replace(conversationId, '01a20000-0000-7000-8000-000000000bad');
    expect(verifiedThread(key, anna, { recipients: [], inReplyTo: otherConversation })).toBeUndefined();
    expect(
      verifiedThread(key, anna, { recipients: ['service@example.test'], inReplyTo: '<random@host>' }),
    ).toBeUndefined();
  });

  it('gives the same Message-ID for the same reply (a retried delivery sends the same mail)', () => {
    expect(threadMessageId(key, ref, 'msg-1', 'h')).toBe(threadMessageId(key, ref, 'msg-1', 'h'));
    expect(threadMessageId(key, ref, 'msg-2', 'h')).not.toBe(threadMessageId(key, ref, 'msg-1', 'h'));
  });

  it('reads In-Reply-To first, then References newest first', () => {
    expect(referencedMessageIds('<c@x>', '<a@x> <b@x>\r\n <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, undefined)).toEqual([]);
  });
});

describe('automated mail (RFC 3834)', () => {
  it.each([
    [[['Auto-Submitted', 'auto-replied']], /Auto-Submitted/],
    [[['Auto-Submitted', 'auto-generated; owner-email="x@y"']], /Auto-Submitted/],
    [[['Precedence', 'bulk']], /Precedence/],
    [[['Precedence', 'list']], /Precedence/],
    [[['Precedence', 'junk']], /Precedence/],
    [[['List-Id', '<news.example.test>']], /mailing list/],
    [[['List-Unsubscribe', '<mailto:u@x>']], /mailing list/],
    [[['Return-Path', '<>']], /empty Return-Path/],
    [[['X-Auto-Response-Suppress', 'All']], /x-auto-response-suppress/],
    [[['X-Autoreply', 'yes']], /x-autoreply/],
  ] satisfies [[string, string][], RegExp][])('refuses to auto-reply to %j', (headers, reason) => {
    expect(automatedReason(headerMap(headers))).toMatch(reason);
  });

  it('answers a person', () => {
    expect(
      automatedReason(
        headerMap([
          ['Auto-Submitted', 'no'],
          ['Return-Path', '<anna@example.test>'],
          ['Precedence', 'first-class'],
          ['X-Auto-Response-Suppress', 'DR, RN'],
        ]),
      ),
    ).toBeUndefined();
  });

  it('auto-replies to a sender at most once an hour', () => {
    const limiter = new AutoReplyLimiter(60 * 60_000);
    const t0 = Date.parse('2026-11-22T10:00:00Z');
    expect(limiter.allow('inbox:anna@example.test', t0)).toBe(true);
    expect(limiter.allow('inbox:anna@example.test', t0 + 59 * 60_000)).toBe(false);
    expect(limiter.allow('inbox:ben@example.test', t0 + 1)).toBe(true);
    expect(limiter.allow('inbox:anna@example.test', t0 + 60 * 60_000)).toBe(true);
  });
});

describe('bounces (RFC 3464)', () => {
  const report = 'multipart/report; report-type=delivery-status; boundary="b"';
  it('names the failed message, recipient and reason', () => {
    const failure = deliveryFailure(report, [
      { contentType: 'text/plain', text: 'Your message could not be delivered.' },
      {
        contentType: 'message/delivery-status',
        text: 'Reporting-MTA: dns; mx.example.test\n\nFinal-Recipient: rfc822; anna@example.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown',
      },
      {
        contentType: 'text/rfc822-headers',
        text: 'From: service@example.test\nMessage-ID: <sd.abc@mail.example.test>\nSubject: Ihre Anfrage',
      },
    ]);
    expect(failure).toEqual({
      originalMessageId: '<sd.abc@mail.example.test>',
      recipients: ['anna@example.test'],
      status: '5.1.1',
      diagnostic: '550 5.1.1 User unknown',
    });
  });

  it('ignores delay notices and ordinary mail', () => {
    expect(
      deliveryFailure(report, [
        {
          contentType: 'message/delivery-status',
          text: 'Final-Recipient: rfc822; a@x\nAction: delayed\nStatus: 4.4.7',
        },
      ]),
    ).toBeUndefined();
    expect(deliveryFailure('text/plain', [{ contentType: 'text/plain', text: 'Hallo' }])).toBeUndefined();
  });
});

describe('foldQuotes', () => {
  it('folds a German Apple Mail / Gmail reply header and what follows', () => {
    const folded = foldQuotes(
      'Danke, das hat geklappt!\n\nViele Grüße\nAnna\n\nAm 21.11.2026 um 10:15 schrieb Service <service@example.test>:\n> Bitte starten Sie das Gerät neu.\n> Ihr Team',
    );
    expect(folded.reply).toBe('Danke, das hat geklappt!\n\nViele Grüße\nAnna');
    expect(folded.quoted).toMatch(/^Am 21\.11\.2026 um 10:15 schrieb/);
    expect(folded.quoted).toContain('Bitte starten Sie das Gerät neu.');
  });

  it('folds a wrapped Gmail header', () => {
    const folded = foldQuotes(
      'Passt, danke.\n\nAm Sa., 21. Nov. 2026 um 10:15 Uhr schrieb Service Team\n<service@example.test>:\n\n> Alt',
    );
    expect(folded.reply).toBe('Passt, danke.');
    expect(folded.quoted).toContain('> Alt');
  });

  it('folds an English header', () => {
    const folded = foldQuotes(
      'Still broken.\n\nOn Sat, 21 Nov 2026 at 10:15, Service <s@x.test> wrote:\n> Try again',
    );
    expect(folded).toMatchObject({ reply: 'Still broken.', quoted: expect.stringMatching(/^On Sat/) });
  });

  it("folds Outlook's Von/Gesendet block and its English twin", () => {
    const german = foldQuotes(
      'Anbei die Rechnung.\n\n________________________________\nVon: Service <s@x.test>\nGesendet: Samstag, 21. November 2026 10:15\nAn: Anna\nBetreff: Ihre Anfrage\n\nAlt',
    );
    expect(german.reply).toBe('Anbei die Rechnung.');
    const english = foldQuotes(
      'See attached.\n\nFrom: Service <s@x.test>\nSent: Saturday, November 21, 2026 10:15 AM\nTo: Ben\nSubject: Re\n\nOld',
    );
    expect(english.reply).toBe('See attached.');
    expect(english.quoted).toMatch(/^From: Service/);
  });

  it('keeps a "From:" line that is no Outlook header', () => {
    expect(foldQuotes('From: Berlin, I write about my order.\nIt is late.').reply).toBe(
      'From: Berlin, I write about my order.\nIt is late.',
    );
  });

  it('separates the signature ("-- " and phone sign-offs)', () => {
    const folded = foldQuotes('Wo bleibt mein Paket?\n\n-- \nAnna Muster\nTel. 0123');
    expect(folded).toMatchObject({
      reply: 'Wo bleibt mein Paket?',
      signature: '-- \nAnna Muster\nTel. 0123',
    });
    expect(foldQuotes('Kommt heute jemand?\n\nVon meinem iPhone gesendet').reply).toBe('Kommt heute jemand?');
  });

  it('keeps everything when the mail is only a forward or a quote', () => {
    const text = '---------- Forwarded message ---------\nFrom: Shop <a@b>\nDate: Sat\n\nIhre Rechnung';
    expect(foldQuotes(text)).toEqual({ reply: text, quoted: '', signature: '' });
    expect(foldQuotes('> nur zitiert').reply).toBe('> nur zitiert');
  });
});

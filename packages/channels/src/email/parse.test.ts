import { describe, expect, it } from 'vitest';
import { parseInboundMail, sanitizeMailHtml } from './parse.ts';

const crlf = (lines: string[]) => lines.join('\r\n');

describe('parseInboundMail', () => {
  it('reads a German reply from Outlook: new text, quoted history, threading headers, safe HTML', async () => {
    const raw = crlf([
      'From: "Anna Muster" <Anna@Example.test>',
      'To: Service <service@shop.example.test>',
      'Cc: ben@example.test',
      'Subject: AW: Ihre Bestellung 4711',
      'Date: Sat, 21 Nov 2026 10:15:00 +0100',
      'Message-ID: <reply-1@mail.example.test>',
      'In-Reply-To: <sd.0193-x@shop.example.test>',
      'References: <first@shop.example.test> <sd.0193-x@shop.example.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Das Paket ist noch nicht da.',
      '',
      'Von: Service <service@shop.example.test>',
      'Gesendet: Freitag, 20. November 2026 09:00',
      'Betreff: Ihre Bestellung 4711',
      '',
      'Ihr Paket ist unterwegs.',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>body{background:url(https://tracker.example/p.gif)}</style><script>alert(1)</script></head>',
      '<body onload="alert(2)"><p style="color:red">Das Paket ist <b>noch nicht</b> da.</p>',
      '<img src="https://tracker.example/open.gif" width="1" height="1">',
      '<a href="javascript:alert(3)">klick</a> <a href="https://shop.example.test/track">Tracking</a>',
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form></body></html>',
      '--alt--',
      '',
    ]);
    const mail = await parseInboundMail(raw);
    expect(mail).toMatchObject({
      messageId: '<reply-1@mail.example.test>',
      from: { address: 'anna@example.test', name: 'Anna Muster' },
      recipients: ['service@shop.example.test', 'ben@example.test'],
      subject: 'AW: Ihre Bestellung 4711',
      date: '2026-11-21T09:15:00.000Z',
      inReplyTo: '<sd.0193-x@shop.example.test>',
      automated: undefined,
      bounce: undefined,
      remoteImagesBlocked: 1,
    });
    expect(mail.references).toContain('<sd.0193-x@shop.example.test>');
    expect(mail.text.reply).toBe('Das Paket ist noch nicht da.');
    expect(mail.text.quoted).toMatch(/^Von: Service/);
    expect(mail.html).toContain('<b>noch nicht</b>');
    expect(mail.html).toContain(
      '<a href="https://shop.example.test/track" rel="noopener noreferrer nofollow" target="_blank">Tracking</a>',
    );
    for (const unsafe of [
      '<script',
      'alert(',
      'onload',
      'style',
      'tracker.example',
      'javascript:',
      '<iframe',
      '<form',
      '<input',
    ]) {
      expect(mail.html, unsafe).not.toContain(unsafe);
    }
  });

  it('keeps inline images by their cid and lists attachments with type and size', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d7a0c00000000049454e44ae426082',
      'hex',
    );
    const raw = crlf([
      'From: anna@example.test',
      'To: service@shop.example.test',
      'Subject: Foto vom Schaden',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Hier das Foto:</p><img src="cid:foto1@example.test" alt="Schaden">',
      '--rel',
      'Content-Type: image/png',
      'Content-ID: <foto1@example.test>',
      'Content-Disposition: inline; filename="schaden.png"',
      'Content-Transfer-Encoding: base64',
      '',
      png.toString('base64'),
      '--rel--',
      '--mix',
      'Content-Type: application/pdf; name="rechnung.pdf"',
      'Content-Disposition: attachment; filename="rechnung.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4\n%EOF\n').toString('base64'),
      '--mix--',
      '',
    ]);
    const mail = await parseInboundMail(raw);
    expect(mail.html).toContain('<img src="cid:foto1@example.test" alt="Schaden" />');
    expect(mail.remoteImagesBlocked).toBe(0);
    expect(mail.text.reply).toBe('Hier das Foto:');
    expect(mail.attachments.map(({ content: _, ...rest }) => rest)).toEqual([
      {
        filename: 'schaden.png',
        contentType: 'image/png',
        size: png.length,
        contentId: 'foto1@example.test',
        inline: true,
      },
      {
        filename: 'rechnung.pdf',
        contentType: 'application/pdf',
        size: 14,
        contentId: undefined,
        inline: false,
      },
    ]);
  });

  it('knows an auto-reply and a bounce', async () => {
    const ooo = await parseInboundMail(
      crlf([
        'From: anna@example.test',
        'To: service@shop.example.test',
        'Auto-Submitted: auto-replied',
        'Subject: Abwesend',
        '',
        'Ich bin bis Montag nicht im Büro.',
        '',
      ]),
    );
    expect(ooo.automated).toBe('Auto-Submitted: auto-replied');
    const bounce = await parseInboundMail(
      crlf([
        'From: MAILER-DAEMON@mx.example.test',
        'To: service@shop.example.test',
        'Return-Path: <>',
        'Subject: Undelivered Mail Returned to Sender',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.test',
        '',
        'Final-Recipient: rfc822; anna@example.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '--r',
        'Content-Type: text/rfc822-headers',
        '',
        'Message-ID: <sd.0193-x@shop.example.test>',
        'Subject: Ihre Bestellung',
        '--r--',
        '',
      ]),
    );
    expect(bounce.automated).toMatch(/Return-Path/);
    expect(bounce.bounce).toEqual({
      originalMessageId: '<sd.0193-x@shop.example.test>',
      recipients: ['anna@example.test'],
      status: '5.1.1',
      diagnostic: '550 5.1.1 User unknown',
    });
  });

  it('survives garbage without throwing', async () => {
    const mail = await parseInboundMail(Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10, 0x41]));
    expect(mail.from).toBeUndefined();
    expect(typeof mail.text.reply).toBe('string');
  });
});

describe('sanitizeMailHtml', () => {
  it.each([
    '<svg onload=alert(1)><circle/></svg>',
    '<img src=x onerror=alert(1)>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="//evil.example/x">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="https://evil.example/x.swf"></object>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
  ])('defuses %s', (html) => {
    const clean = sanitizeMailHtml(html).html;
    expect(clean).not.toMatch(
      /onload|onerror|javascript:|evil\.example|<svg|<object|<meta|<base|<link|<math/i,
    );
  });
});

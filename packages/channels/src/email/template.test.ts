import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownToHtml, renderReplyMail } from './template.ts';

const base = {
  senderName: 'Shop <Service>',
  signature: 'Viele Grüße\nIhr Team',
  attachments: [],
  auto: false,
};

describe('reply mail template', () => {
  it('renders German text and HTML with signature and footer', () => {
    const mail = renderReplyMail({
      ...base,
      text: 'Hallo **Frau Muster**,\n\nIhr Paket ist da.',
      language: 'de',
    });
    expect(mail.text).toBe(
      'Hallo **Frau Muster**,\n\nIhr Paket ist da.\n\n-- \nViele Grüße\nIhr Team\n\nAntworten Sie einfach auf diese E-Mail.',
    );
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('<p>Hallo <strong>Frau Muster</strong>,</p>');
    expect(mail.html).toContain('<p>Ihr Paket ist da.</p>');
    expect(mail.html).toContain('Viele Grüße<br>\nIhr Team');
    expect(mail.html).toContain('<title>Shop &lt;Service&gt;</title>');
  });

  it('renders English, says when the answer is automatic, and lists files as links', () => {
    const mail = renderReplyMail({
      ...base,
      signature: null,
      text: 'Here you go.',
      language: 'en',
      auto: true,
      attachments: [{ filename: 'invoice<1>.pdf', url: 'https://desk.example.test/api/v1/attachments/abc' }],
    });
    expect(mail.text).toContain(
      'Attachments:\n- invoice<1>.pdf: https://desk.example.test/api/v1/attachments/abc',
    );
    expect(mail.text).toMatch(/This is an automatic answer\. Simply reply to this e-mail\.$/);
    expect(mail.text).not.toContain('-- ');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain(
      '<a href="https://desk.example.test/api/v1/attachments/abc">invoice&lt;1&gt;.pdf</a>',
    );
  });

  it('escapes everything typed, and keeps only safe links', () => {
    const html = markdownToHtml(
      '<img src=x onerror=alert(1)> & "quotes"\n[klick](javascript:alert(1)) [ok](https://a.example/?q="x")\n- `<b>`',
    );
    expect(html).not.toMatch(/<img|<b>|javascript:alert\(1\)"/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    // The unsafe link stays visible as text; the safe one is a link with its quotes escaped.
    expect(html).toContain('[klick](javascript:alert(1))');
    expect(html).toContain('<a href="https://a.example/?q=%22x%22">ok</a>');
    expect(html).toContain('<li><code>&lt;b&gt;</code></li>');
    expect(escapeHtml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
  });
});

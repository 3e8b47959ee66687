import { describe, expect, it } from 'vitest';
import { renderPrivacyLinkMail } from './privacy-link.ts';

describe('the privacy-centre login mail', () => {
  it('says what the link does and how long it lasts, in the language asked', () => {
    const url = 'https://desk.example/privacy/a1/login?token=sdp_x.y&lang=de';
    const de = renderPrivacyLinkMail({ language: 'de', accountName: 'Musterfirma' }, url, 15);
    expect(de.subject).toBe('Ihr Link zum Datenschutz-Center von Musterfirma');
    expect(de.text).toContain(url);
    expect(de.text).toContain('15 Minuten und nur einmal');
    const en = renderPrivacyLinkMail({ language: 'en', accountName: '' }, url, 15);
    expect(en.subject).toBe('Your link to the privacy centre');
    expect(en.text).toContain('valid for 15 minutes');
  });

  it('escapes every value in the HTML and keeps the subject on one line', () => {
    const mail = renderPrivacyLinkMail(
      { language: 'en', accountName: 'Evil <b>Corp</b>\r\nBcc: x@example.test' },
      'https://desk.example/privacy/a1/login?token=a&lang=en"><script>',
      15,
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&amp;lang=en&quot;&gt;&lt;script&gt;');
  });
});

/**
 * A received e-mail for route walks (tenancy, fuzz): an e-mail inbox of the tenant and one mail sent
 * to it with nodemailer over the server's SMTP listener (start the server with SOFORTDESK_SMTP_PORT=0),
 * so the message has its raw mail and HTML version. Returns the message's id.
 */
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { emailExternalId } from '@sofortdesk/domain';
import type { TenantFixture, TestServer } from './server.ts';
import { api } from './server.ts';

export async function receivedMail(t: TestServer, tenant: TenantFixture): Promise<string> {
  const address = `mail-${randomBytes(4).toString('hex')}@shop.example.test`;
  const inbox = await api(t.url, tenant.adminToken, 'POST', '/api/v1/inboxes', {
    name: 'E-Mail',
    channel: 'email',
    address,
    agentIds: [tenant.agent.id],
  });
  if (inbox.status !== 201) throw new Error(`e-mail inbox: ${inbox.status} ${JSON.stringify(inbox.body)}`);
  const port = t.server.smtpPort;
  if (!port) throw new Error('start the test server with SOFORTDESK_SMTP_PORT=0');
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const sent = await transport.sendMail({
      from: 'Erika Muster <erika@kundin.example.test>',
      to: address,
      subject: 'Frage',
      text: 'Eine Frage per Mail.',
      html: '<p>Eine <b>Frage</b> per Mail.</p>',
    });
    const message = await t.server.useCases.uow.repos.messages.findByExternalId(
      tenant.accountId,
      inbox.body.id as string,
      emailExternalId('in', sent.messageId),
    );
    if (!message) throw new Error('the mail was not stored');
    return message.id;
  } finally {
    transport.close();
  }
}

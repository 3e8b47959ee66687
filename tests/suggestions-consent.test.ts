/**
 * Agents' suggestions analyse the customer's words, so they ask for the contact's consent
 * `content-analysis` (when the account configures it), against a real server on both databases:
 * without it the answer has no suggestions and says why (`reason: no-consent`) instead of an empty
 * list that reads as "nothing found"; a grant brings them back, a withdrawal stops them at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Suggestions {
  messageId: string | null;
  decision: string;
  reason: string;
  suggestions: { articleId: string }[];
}

describeEachDatabase('suggestions and the consent to content analysis', (database) => {
  let t: TestServer;
  let articleId: string;
  let seq = 0;

  const admin = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.adminToken, method, path, body);
  const agent = (method: string, path: string, body?: unknown) =>
    api(t.url, t.a.agentToken, method, path, body);

  async function ask(text: string, customer: string) {
    const result = await admin('POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `consent-suggestion-${++seq}`,
      contact: { identifier: customer },
      text,
    });
    expect(result.status).toBe(201);
    return result.body as { messageId: string; conversationId: string; contactId: string };
  }

  async function suggestions(conversationId: string): Promise<Suggestions> {
    const response = await agent('GET', `/api/v1/conversations/${conversationId}/suggestions`);
    expect(response.status).toBe(200);
    return response.body as Suggestions;
  }

  const consent = (contactId: string, granted: boolean) =>
    agent('PUT', `/api/v1/contacts/${contactId}/consents`, {
      purposeKey: 'content-analysis',
      granted,
      channel: 'phone',
      proof: { how: granted ? 'Am Telefon zugestimmt' : 'Am Telefon widerrufen' },
    });

  beforeAll(async () => {
    t = await startTestServer(database);
    const collection = await admin('POST', '/api/v1/knowledge/collections', { name: 'Hilfe' });
    articleId = (
      await admin('POST', '/api/v1/knowledge/articles', {
        collectionId: collection.body.id,
        language: 'de',
        title: 'Wie ändere ich mein Passwort?',
        body: 'Unter Einstellungen → Sicherheit wählen Sie „Passwort ändern“.',
        alternativeQuestions: ['Passwort vergessen'],
        visibility: 'public',
      })
    ).body.id as string;
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
  });

  it('answers without suggestions and with the reason while the contact has not consented', async () => {
    const question = await ask('Wie kann ich mein Passwort ändern?', 'consent-suggestions');
    // The account does not ask for content analysis yet: suggestions as always.
    const open = await suggestions(question.conversationId);
    expect(open.suggestions.map((s) => s.articleId)).toContain(articleId);
    expect(open.reason).not.toBe('no-consent');

    const purpose = await admin('POST', '/api/v1/consent-purposes', {
      key: 'content-analysis',
      texts: {
        de: { title: 'Inhaltsanalyse', text: 'Wir werten Ihre Nachrichten automatisch aus.' },
        en: { title: 'Content analysis', text: 'We analyse your messages automatically.' },
      },
    });
    expect(purpose.status).toBe(201);
    // Configured, never given: nothing is searched, and the agent is told why.
    expect(await suggestions(question.conversationId)).toEqual({
      messageId: question.messageId,
      question: 'Wie kann ich mein Passwort ändern?',
      decision: 'abstain',
      reason: 'no-consent',
      suggestions: [],
    });

    expect((await consent(question.contactId, true)).status).toBe(200);
    const granted = await suggestions(question.conversationId);
    expect(granted.suggestions.map((s) => s.articleId)).toContain(articleId);

    // Withdrawn: the very next request has none again.
    expect((await consent(question.contactId, false)).status).toBe(200);
    const withdrawn = await suggestions(question.conversationId);
    expect(withdrawn.reason).toBe('no-consent');
    expect(withdrawn.suggestions).toEqual([]);

    // Another customer of the account who did consent still gets suggestions.
    const other = await ask('Passwort vergessen, was tun?', 'consent-suggestions-other');
    expect((await consent(other.contactId, true)).status).toBe(200);
    expect((await suggestions(other.conversationId)).suggestions.map((s) => s.articleId)).toContain(
      articleId,
    );
  });
});

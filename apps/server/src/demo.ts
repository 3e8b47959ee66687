/**
 * The demo company that `npm start` seeds on an empty database: a German service team with a
 * German and an English inbox, agents, a team, conversations that show the product at work, and a
 * few public articles for the help centre.
 */
import {
  createArticle,
  createCollection,
  ingestInboundMessage,
  replyToConversation,
  updateConversation,
  type Actor,
  type PasswordHasher,
  type UseCaseDeps,
} from '@sofortdesk/domain';

import { seedDemoConsents } from './demo-consents.ts';

export const DEMO_LOGINS = [
  {
    email: 'admin@demo.sofortdesk.test',
    password: 'demo-admin-2026',
    name: 'Alexandra Admin',
    role: 'admin' as const,
    language: 'de' as const,
  },
  {
    email: 'anna@demo.sofortdesk.test',
    password: 'demo-agent-2026',
    name: 'Anna Schneider',
    role: 'agent' as const,
    language: 'de' as const,
  },
  {
    email: 'ben@demo.sofortdesk.test',
    password: 'demo-agent-2026',
    name: 'Ben Carter',
    role: 'agent' as const,
    language: 'en' as const,
  },
  {
    email: 'partner@demo.sofortdesk.test',
    password: 'demo-partner-2026',
    name: 'Paul Partner',
    role: 'partner' as const,
    language: 'de' as const,
  },
];

interface DemoConversation {
  inbox: 'de' | 'en';
  contact: { identifier: string; name: string; email?: string; phone?: string };
  messages: string[];
  reply?: string;
  note?: string;
  priority?: 'high';
  resolve?: boolean;
}

const CONVERSATIONS: DemoConversation[] = [
  {
    inbox: 'de',
    contact: { identifier: 'kunde-1001', name: 'Erika Mustermann', email: 'erika@example.de' },
    messages: ['Hallo, meine Bestellung 4711 ist noch nicht angekommen. Können Sie nachsehen?'],
    reply: 'Guten Tag Frau Mustermann, die Sendung ist unterwegs und kommt morgen an.',
  },
  {
    inbox: 'de',
    contact: { identifier: 'kunde-1002', name: 'Jonas Weber', phone: '+49 30 1234567' },
    messages: ['Ich ärgere mich wirklich: das ist schon das dritte Mal, dass die Rechnung falsch ist!'],
    note: 'Dritte Reklamation: bitte Teamleitung einbeziehen.',
    priority: 'high' as const,
  },
  {
    inbox: 'de',
    contact: { identifier: 'kunde-1003', name: 'Leyla Yilmaz' },
    messages: ['Wie kann ich mein Passwort zurücksetzen?'],
  },
  {
    inbox: 'en',
    contact: { identifier: 'customer-2001', name: 'Olivia Smith', email: 'olivia@example.com' },
    messages: ['Hi, can I change the delivery address of order 5521?', 'It should go to my office instead.'],
    reply: 'Hi Olivia, done: order 5521 now goes to your office address.',
    resolve: true,
  },
  {
    inbox: 'en',
    contact: { identifier: 'customer-2002', name: 'Liam Brown' },
    messages: ['My flight was delayed, will my rental car still be waiting for me?'],
  },
  // Questions that keep coming back and no article answers yet: the knowledge-gap report shows them.
  // Answered and resolved, so the open lists stay as above.
  ...[
    ['kunde-1004', 'Max Bauer', 'Darf ich mit dem Mietwagen ins Ausland fahren?'],
    ['kunde-1005', 'Sofia Klein', 'Mit dem Mietwagen ins Ausland – ist das erlaubt?'],
    ['kunde-1006', 'Tim Wolf', 'Kann ich mit dem Mietwagen nach Österreich, also ins Ausland, fahren?'],
  ].map(([identifier, name, question]) => ({
    inbox: 'de' as const,
    contact: { identifier: identifier!, name: name! },
    messages: [question!],
    reply:
      'Ja, Fahrten in alle EU-Länder und in die Schweiz sind erlaubt. Bitte geben Sie das Reiseland bei der Abholung an.',
    resolve: true,
  })),
  ...[
    ['kunde-1007', 'Lena Hoffmann', 'Kann ich einen Kindersitz dazubuchen?'],
    ['kunde-1008', 'Paul Schäfer', 'Gibt es Kindersitze für den Mietwagen?'],
  ].map(([identifier, name, question]) => ({
    inbox: 'de' as const,
    contact: { identifier: identifier!, name: name! },
    messages: [question!],
    reply: 'Ja, Kindersitze buchen Sie unter Meine Buchungen → Extras dazu (8 € pro Tag).',
    resolve: true,
  })),
  ...[
    ['customer-2003', 'Emma Wilson', 'Can I add a second driver to my booking?'],
    ['customer-2004', 'Noah Taylor', 'How do I add an additional driver?'],
  ].map(([identifier, name, question]) => ({
    inbox: 'en' as const,
    contact: { identifier: identifier!, name: name! },
    messages: [question!],
    reply: 'Yes: add the second driver at the counter when you pick up the car; both show their licence.',
    resolve: true,
  })),
];

export async function seedDemo(
  deps: UseCaseDeps & { passwords: PasswordHasher },
): Promise<{ accountId: string }> {
  const { uow } = deps;
  const hashes = await Promise.all(DEMO_LOGINS.map((login) => deps.passwords.hash(login.password)));
  const seeded = await uow.transaction(async (repos) => {
    const account = await repos.accounts.create({ name: 'Musterfirma GmbH (Demo)', defaultLanguage: 'de' });
    const users = [];
    for (const [index, login] of DEMO_LOGINS.entries()) {
      users.push(
        await repos.users.create({
          accountId: account.id,
          email: login.email,
          name: login.name,
          role: login.role,
          language: login.language,
          passwordHash: hashes[index]!,
        }),
      );
    }
    const [admin, anna, ben] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    const common = { accountId: account.id, channel: 'api' as const, webhookUrl: null, webhookSecret: null };
    const de = await repos.inboxes.create({ ...common, name: 'Service-App (Deutsch)', language: 'de' });
    const en = await repos.inboxes.create({ ...common, name: 'Service App (English)', language: 'en' });
    await repos.inboxes.addMember(account.id, de.id, anna.id);
    await repos.inboxes.addMember(account.id, en.id, ben.id);
    await repos.inboxes.addMember(account.id, de.id, ben.id);
    const team = await repos.teams.create({ accountId: account.id, name: 'Erste Hilfe' });
    await repos.teams.addMember(account.id, team.id, anna.id);
    await repos.teams.addMember(account.id, team.id, ben.id);
    return { account, admin, anna, inboxes: { de, en } };
  });

  const adminActor: Actor = {
    userId: seeded.admin.id,
    accountId: seeded.account.id,
    role: 'admin',
    inboxIds: [],
  };
  let sequence = 0;
  /** Erika Mustermann, the first demo customer: her consents are seeded (demo-consents.ts). */
  let firstContactId: string | undefined;
  for (const conversation of CONVERSATIONS) {
    const inboxId = seeded.inboxes[conversation.inbox].id;
    let conversationId = '';
    for (const text of conversation.messages) {
      const result = await ingestInboundMessage(deps, adminActor, {
        inboxId,
        externalId: `demo-${++sequence}`,
        contact: conversation.contact,
        text,
      });
      conversationId = result.conversationId;
      firstContactId ??= result.contactId;
    }
    if (conversation.reply)
      await replyToConversation(deps, adminActor, conversationId, { text: conversation.reply, kind: 'text' });
    if (conversation.note)
      await replyToConversation(deps, adminActor, conversationId, { text: conversation.note, kind: 'note' });
    if (conversation.priority) {
      await updateConversation(deps, adminActor, conversationId, {
        priority: conversation.priority,
        assigneeId: seeded.anna.id,
      });
    }
    if (conversation.resolve)
      await updateConversation(deps, adminActor, conversationId, { status: 'resolved' });
  }
  await seedDemoKnowledge(deps, adminActor);
  await seedDemoConsents(deps, adminActor, firstContactId);
  // The demo answers automatically (new accounts do not): after the seeded conversations, so those stay as written.
  await uow.repos.autoAnswers.setSettings(seeded.account.id, { enabled: true, precisionTarget: 0.95 });
  return { accountId: seeded.account.id };
}

/** A few public articles, so the help centre, the widget's suggestions and search show something. */
async function seedDemoKnowledge(deps: UseCaseDeps, admin: Actor): Promise<void> {
  const collection = await createCollection(deps, admin, {
    name: 'Mietwagen & Reisen',
    description: 'Abholung, Verspätungen und Stornierungen',
  });
  const write = async (
    language: 'de' | 'en',
    title: string,
    body: string,
    alternativeQuestions: string[],
    translationOf: string | null = null,
  ) => {
    const result = await createArticle(deps, admin, {
      collectionId: collection.id,
      language,
      translationOf,
      content: { title, body, alternativeQuestions, tags: ['demo'], visibility: 'public' },
    });
    if (result.kind !== 'saved') throw new Error('the demo admin saves articles directly');
    return result.article.id;
  };
  const delay = await write(
    'de',
    'Was passiert, wenn sich mein Flug verspätet?',
    'Geben Sie bei der Buchung Ihre **Flugnummer** an: Wir sehen die Verspätung und halten Ihren Wagen ' +
      'bis zu **12 Stunden** bereit, ohne Aufpreis.\n\nOhne Flugnummer rufen Sie bitte die Station an.',
    ['Mein Flug hat Verspätung', 'Wartet der Mietwagen auf mich?'],
  );
  await write(
    'en',
    'What happens if my flight is delayed?',
    'Give us your **flight number** when you book: we see the delay and keep your car for up to ' +
      '**12 hours**, at no extra cost.\n\nWithout a flight number, please call the station.',
    ['My flight is late', 'Will the rental car wait for me?'],
    delay,
  );
  await write(
    'de',
    'Wie storniere ich meine Buchung?',
    'Unter **Meine Buchungen → Stornieren**. Bis 48 Stunden vor der Abholung ist die Stornierung kostenlos.',
    ['Buchung absagen', 'Reservierung stornieren'],
  );
  await write(
    'en',
    'Which documents do I need to pick up the car?',
    '- a valid driving licence (held for at least one year)\n- an ID card or passport\n' +
      "- a credit card in the main driver's name",
    ['What do I need to bring?', 'Documents for pick-up'],
  );
}

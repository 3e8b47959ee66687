/**
 * The demo company's consent purposes (issue 7) and a few decisions of one demo customer, so the
 * contact panel and the admin screen show the ledger at work.
 *
 * `content-analysis` is deliberately not configured in the demo: an account that configures it asks
 * every customer first, and until one agrees no automatic answer is given to them. The demo shows
 * automatic answers to new widget visitors, so it leaves that purpose out (an admin adds it under
 * Administration → Consents, with the texts below as a model).
 */
import {
  createConsentPurpose,
  recordConsent,
  type Actor,
  type ConsentPurposeTexts,
  type UseCaseDeps,
} from '@sofortdesk/domain';

const PURPOSES: { key: string; perCase: boolean; texts: ConsentPurposeTexts }[] = [
  {
    key: 'profiling',
    perCase: false,
    texts: {
      de: {
        title: 'Persönliche Angebote',
        text: 'Wir werten Ihre bisherigen Buchungen und Anfragen aus, um Ihnen passende Angebote zu machen. Sie können das jederzeit widerrufen.',
      },
      en: {
        title: 'Personal offers',
        text: 'We look at your past bookings and requests to make you offers that fit. You can withdraw this at any time.',
      },
    },
  },
  {
    key: 'marketing',
    perCase: false,
    texts: {
      de: {
        title: 'Newsletter und Aktionen',
        text: 'Wir schicken Ihnen höchstens einmal im Monat Neuigkeiten und Aktionen per E-Mail. Abmeldung jederzeit.',
      },
      en: {
        title: 'Newsletter and promotions',
        text: 'We send you news and promotions by e-mail, at most once a month. Unsubscribe at any time.',
      },
    },
  },
  {
    key: 'location',
    perCase: true,
    texts: {
      de: {
        title: 'Standort für diesen Fall',
        text: 'Sie teilen Ihren Standort nur für diesen einen Fall (z. B. eine Panne), damit wir Hilfe schicken können. Danach wird er gelöscht.',
      },
      en: {
        title: 'Location for this case',
        text: 'You share your location for this one case only (e.g. a breakdown) so we can send help. It is deleted afterwards.',
      },
    },
  },
];

export async function seedDemoConsents(
  deps: UseCaseDeps,
  admin: Actor,
  contactId: string | undefined,
): Promise<void> {
  for (const purpose of PURPOSES) await createConsentPurpose(deps, admin, purpose);
  if (!contactId) return;
  await recordConsent(
    deps,
    admin,
    contactId,
    {
      purposeKey: 'marketing',
      granted: true,
      channel: 'web-form',
      proof: { how: 'Häkchen bei der Buchung' },
    },
    'token',
  );
  await recordConsent(
    deps,
    admin,
    contactId,
    { purposeKey: 'profiling', granted: true, channel: 'app', proof: { how: 'Schalter in der App' } },
    'token',
  );
  await recordConsent(
    deps,
    admin,
    contactId,
    {
      purposeKey: 'profiling',
      granted: false,
      channel: 'email',
      proof: { how: 'Widerruf per E-Mail', reference: 'Ticket 4711' },
    },
    'session',
  );
}

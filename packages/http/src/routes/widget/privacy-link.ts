import { createRoute } from '@hono/zod-openapi';
import { mintWidgetPrivacyLogin, NotFoundError } from '@sofortdesk/domain';
import { widgetPrivacyLinkRequest, widgetPrivacyLinkSchema } from '@sofortdesk/protocol';
import { jsonBody, jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/privacy-link',
  tags: ['Widget'],
  summary: 'A one-time link to the privacy centre, signed in (verified visitors only)',
  description:
    'For the widget\'s "Privacy" link: a visitor whose identity the company\'s backend signed gets a ' +
    'link that opens their privacy centre signed in (once, within 15 minutes). Anonymous visitors ' +
    'proved nothing and get 403; they ask for a link by e-mail in the centre itself.',
  security: visitorToken,
  request: { params: webchatInboxParams, body: jsonBody(widgetPrivacyLinkRequest) },
  responses: {
    201: jsonResponse(widgetPrivacyLinkSchema, 'The link; open it at once'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { webchat, privacyCentre }) =>
  app.openapi(route, async (c) => {
    const visitor = await visitorOf(c, webchat, c.req.valid('param').webchatInboxId);
    if (!privacyCentre) throw new NotFoundError('Privacy centre');
    const login = await mintWidgetPrivacyLogin(privacyCentre.deps, visitor);
    const contact = await webchat.uow.repos.contacts.get(visitor.accountId, visitor.contactId);
    const language = c.req.valid('json').language ?? contact?.language ?? 'de';
    return c.json(
      { url: privacyCentre.loginUrl(login.accountId, login.token, language), expiresAt: login.expiresAt },
      201,
    );
  });

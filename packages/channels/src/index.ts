/**
 * @module @sofortdesk/channels
 * Channel adapters. api/: the generic API channel (inbound is the REST endpoint; outbound a signed webhook).
 * webchat/: the widget's identity tokens (JWT, verified with jose).
 */
export { deliverApiMessage, type DeliverDeps } from './api/deliver-message.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './api/signature.ts';
export { joseIdentityVerifier } from './webchat/identity.ts';

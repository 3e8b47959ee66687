/**
 * @module @sofortdesk/channels
 * Channel adapters. api/: the generic API channel (inbound is the REST endpoint; outbound a signed webhook).
 */
export { deliverApiMessage, type DeliverDeps } from './api/deliver-message.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './api/signature.ts';

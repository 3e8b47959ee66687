/**
 * @module @sofortdesk/channels
 * Channel adapters. api/: the generic API channel (inbound is the REST endpoint; outbound a signed webhook).
 * webchat/: the widget's identity tokens (JWT, verified with jose).
 * email/: parsing (mailparser, sanitize-html), threading tokens, RFC 3834 rules, quote folding.
 * net/: outbound HTTP that refuses private addresses.
 */
export { deliverApiMessage, type DeliverDeps } from './api/deliver-message.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './api/signature.ts';
export { joseIdentityVerifier } from './webchat/identity.ts';
export {
  threadMessageId,
  threadReplyAddress,
  verifiedThread,
  referencedMessageIds,
  type ThreadRef,
  type ThreadCandidates,
} from './email/threading.ts';
export {
  automatedReason,
  AutoReplyLimiter,
  deliveryFailure,
  headerMap,
  type DeliveryFailure,
  type MailHeaders,
} from './email/automation.ts';
export { foldQuotes, type FoldedText } from './email/quotes.ts';
export {
  parseInboundMail,
  sanitizeMailHtml,
  type InboundMail,
  type MailAddress,
  type MailAttachment,
} from './email/parse.ts';

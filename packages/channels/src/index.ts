/**
 * @module @sofortdesk/channels
 * Channel adapters. api/: the generic API channel (inbound is the REST endpoint; outbound a signed webhook).
 * webchat/: the widget's identity tokens (JWT, verified with jose).
 * email/: parsing (mailparser, sanitize-html), threading tokens, RFC 3834 rules, quote folding, the
 * SMTP listener (smtp-server) and IMAP fetching (imapflow).
 * net/: outbound HTTP that refuses private addresses.
 * secret-box.ts: secrets at rest (AES-256-GCM), e.g. an e-mail inbox's IMAP password.
 */
export { deliverApiMessage, type DeliverDeps } from './api/deliver-message.ts';
export { deliverErasureNotice, type ErasureNoticeDeps } from './api/erasure-notice.ts';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './api/signature.ts';
export { joseIdentityVerifier } from './webchat/identity.ts';
export {
  threadMessageId,
  threadReplyAddress,
  verifiedThread,
  referencedMessageIds,
  mailThreadSigner,
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
  SmtpListener,
  MailRejectedError,
  type SmtpEnvelope,
  type SmtpListenerOptions,
} from './email/smtp-listener.ts';
export { receiveMail, findEmailInbox, type MailReceiverDeps, type ReceivedMail } from './email/receive.ts';
export {
  ImapMailbox,
  type ImapCursor,
  type ImapCursorStore,
  type ImapMailboxOptions,
  type ImapSettings as ImapConnectionSettings,
  type MailSink,
} from './email/imap-mailbox.ts';
export { SecretBox, newSecretKey, SECRET_KEY_BYTES } from './secret-box.ts';
export { MailSender, type DkimSettings, type MailSenderOptions } from './email/send.ts';
export {
  PrivacyLinkMailer,
  renderPrivacyLinkMail,
  type PrivacyLinkMailerOptions,
} from './email/privacy-link.ts';
export { renderReplyMail, markdownToHtml, escapeHtml, type ReplyMailInput } from './email/template.ts';
export {
  parseInboundMail,
  sanitizeMailHtml,
  type InboundMail,
  type MailAddress,
  type MailAttachment,
} from './email/parse.ts';

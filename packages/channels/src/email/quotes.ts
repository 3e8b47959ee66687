/**
 * What the customer wrote this time, apart from the history their mail program quoted below it and
 * their signature. Agents see the new part; the rest stays one click away (nothing is deleted).
 *
 * Reply headers differ by program and language: Apple Mail and Gmail ("Am 3. März 2026 um 10:15
 * schrieb Anna <a@x.de>:", "On Tue, 3 Mar 2026 at 10:15, Anna <a@x.de> wrote:"), Outlook (a block of
 * "Von:/Gesendet:/An:/Betreff:" or "From:/Sent:/To:/Subject:", often under a line of underscores),
 * Thunderbird ("-------- Original-Nachricht --------"), and plain "> " quoting.
 */

export interface FoldedText {
  /** The new text, trimmed. */
  reply: string;
  /** The quoted history, from its header on; empty when there is none. */
  quoted: string;
  /** The signature, from its separator on; empty when none was recognised. */
  signature: string;
}

const REPLY_HEADER: RegExp[] = [
  // Apple Mail / Gmail, German and English; the header may wrap onto a second line.
  /^Am\s.{4,200}?\bschrieb\b.{0,200}:\s*$/i,
  /^On\s.{4,200}?\bwrote:\s*$/i,
  /^Le\s.{4,200}?\ba écrit\s*:\s*$/i,
  // Separator lines of Outlook and Thunderbird.
  /^-{3,}\s*(Original(-|\s)?(Nachricht|Message)|Ursprüngliche Nachricht|Weitergeleitete Nachricht|Forwarded message)\s*-{3,}\s*$/i,
  /^_{10,}\s*$/,
];

/** Outlook's header block: "Von:" or "From:" followed within a few lines by "Gesendet:"/"Sent:"/"Datum:"/"Date:". */
function isOutlookBlock(lines: string[], index: number): boolean {
  if (!/^\*?(Von|From)\s*:\*?\s+\S/i.test(lines[index]!.trim())) return false;
  return lines
    .slice(index + 1, index + 5)
    .some((line) => /^\*?(Gesendet|Sent|Datum|Date)\s*:\*?\s+\S/i.test(line.trim()));
}

const SIGNATURE_SEPARATOR = /^--\s?$/;
/** Phone sign-offs, which arrive without a "-- " separator. */
const MOBILE_SIGNATURE = /^(Von meinem|Sent from my|Gesendet von meinem|Get Outlook for)\b/i;

export function foldQuotes(text: string): FoldedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let quoteStart = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`.trim();
    if (REPLY_HEADER.some((pattern) => pattern.test(line)) || isOutlookBlock(lines, i)) {
      quoteStart = i;
      break;
    }
    // A reply header that wrapped: "Am Di., 3. März 2026 um 10:15 Uhr schrieb Anna" / "<a@x.de>:".
    if (/^(Am|On)\s/i.test(line) && REPLY_HEADER.slice(0, 2).some((pattern) => pattern.test(joined))) {
      quoteStart = i;
      break;
    }
    // A run of "> " lines that reaches the end (allowing blank lines) is quoted history.
    if (
      line.startsWith('>') &&
      lines.slice(i).every((rest) => rest.trim() === '' || rest.trim().startsWith('>'))
    ) {
      quoteStart = i;
      break;
    }
  }
  const body = lines.slice(0, quoteStart);
  let signatureStart = body.length;
  for (let i = body.length - 1; i >= 0; i--) {
    const line = body[i]!;
    if (SIGNATURE_SEPARATOR.test(line) || (MOBILE_SIGNATURE.test(line.trim()) && body.length - i <= 3)) {
      signatureStart = i;
      break;
    }
  }
  const reply = body.slice(0, signatureStart).join('\n').trim();
  // A mail that is nothing but a forward or a quote: the customer's point is in there, show it all.
  if (reply === '') return { reply: text.trim(), quoted: '', signature: '' };
  return {
    reply,
    signature: body.slice(signatureStart).join('\n').trim(),
    quoted: lines.slice(quoteStart).join('\n').trim(),
  };
}

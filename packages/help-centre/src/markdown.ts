/**
 * Article markdown to HTML for the help centre. markdown-it with raw HTML off: a `<script>` in an
 * article is shown as text, never run; its link check refuses javascript:, vbscript:, file: and
 * non-image data: URLs. Links get rel="noopener noreferrer nofollow ugc" (articles may come from
 * partners), and external ones open in a new tab.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const renderLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (/^https?:\/\//i.test(href)) token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow ugc');
  return renderLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for an article body. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

/** The first words of an article as plain text, for search results and meta descriptions. */
export function excerpt(source: string, max = 180): string {
  const text = source
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    // Block markers at the start of a line (headings, quotes, list bullets), then inline ones.
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/\*\*|__|~~|[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')} …`;
}

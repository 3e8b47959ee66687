/**
 * A message's text in the safe markdown subset (@sofortdesk/protocol/markdown), as Preact elements
 * with text children: no HTML is ever parsed, so whatever anyone writes stays characters. Links are
 * http(s) or mailto only and open without handing over the host page (noopener noreferrer).
 */
import { Fragment } from 'preact';
import { useMemo } from 'preact/hooks';
import { parseMarkdown, type Inline } from '@sofortdesk/protocol/markdown';

function InlineNodes({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, index) => {
        switch (node.type) {
          case 'text':
            return <Fragment key={index}>{node.text}</Fragment>;
          case 'strong':
            return (
              <strong key={index}>
                <InlineNodes nodes={node.children} />
              </strong>
            );
          case 'em':
            return (
              <em key={index}>
                <InlineNodes nodes={node.children} />
              </em>
            );
          case 'code':
            return <code key={index}>{node.text}</code>;
          case 'link':
            return (
              <a key={index} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
                <InlineNodes nodes={node.children} />
              </a>
            );
        }
      })}
    </>
  );
}

export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  // dir="auto": a right-to-left override in the text cannot turn the layout around it.
  return (
    <div class="md" dir="auto">
      {blocks.map((block, index) => {
        if (block.type === 'code')
          return (
            <pre key={index}>
              <code>{block.text}</code>
            </pre>
          );
        if (block.type === 'list') {
          const items = block.items.map((item, itemIndex) => (
            <li key={itemIndex}>
              <InlineNodes nodes={item} />
            </li>
          ));
          return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
        }
        return (
          <p key={index}>
            <InlineNodes nodes={block.children} />
          </p>
        );
      })}
    </div>
  );
}

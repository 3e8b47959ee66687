/**
 * A message's text in the safe markdown subset (@sofortdesk/protocol/markdown), as React elements
 * with text children: no HTML is ever parsed, so whatever a customer writes stays characters.
 * Links open in a new tab without handing over the workspace (noopener noreferrer).
 */
import { Fragment, useMemo } from 'react';
import { parseMarkdown, type Inline } from '@sofortdesk/protocol/markdown';

function InlineNodes({ nodes }: { nodes: Inline[] }) {
  return nodes.map((node, index) => {
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
  });
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  // dir="auto": a right-to-left override in the text cannot turn the layout around it.
  return (
    <div className={className} dir="auto">
      {blocks.map((block, index) => {
        if (block.type === 'code')
          return (
            <pre key={index}>
              <code>{block.text}</code>
            </pre>
          );
        if (block.type === 'list') {
          const List = block.ordered ? 'ol' : 'ul';
          return (
            <List key={index}>
              {block.items.map((item, itemIndex) => (
                <li key={itemIndex}>
                  <InlineNodes nodes={item} />
                </li>
              ))}
            </List>
          );
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

import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigateTo } from '../admin/navigation.ts';

/**
 * An in-app link that keeps its query string (the admin area's followLink keeps only the path):
 * a real href for new tabs and copying, a plain click changes the URL without a page load.
 */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateTo(event.currentTarget.pathname + event.currentTarget.search);
  };
  return <a href={href} onClick={follow} {...rest} />;
}

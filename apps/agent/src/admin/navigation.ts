/**
 * In-app navigation on the history API: a handful of screens need no router. Links keep their real
 * href (open in a new tab, copy the address); a plain click changes the URL without a page load,
 * and every part of the app that shows a path re-renders from usePathname().
 */
import { useSyncExternalStore, type MouseEvent } from 'react';

const NAVIGATED = 'sofortdesk:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

/** The current path; re-renders on back/forward and on navigate(). */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The current query string ("?q=…" or ""); re-renders like usePathname (screens that keep state in it). */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (window.location.pathname === path) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** Like navigate, for an address with a query string: only the whole address counts as "already there". */
export function navigateTo(url: string, options: { replace?: boolean } = {}): void {
  if (window.location.pathname + window.location.search === url) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** onClick for an <a href>: navigates in the app, unless the click asks for a new tab or window. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.pathname);
}

export const ADMIN_ROOT = '/admin';
export const isAdminPath = (path: string) => path === ADMIN_ROOT || path.startsWith(`${ADMIN_ROOT}/`);

/**
 * The list's filter lives in the address bar (?status=…&label=…), so a reload or a shared link shows
 * the same list; the last one used is also remembered for the next visit to the plain address.
 */
import { useEffect, useState } from 'react';
import type { ApiClient } from './api/client.ts';
import type { Team } from './api/types.ts';
import { DEFAULT_FILTER, filterFromSearch, filterKey, filterToSearch, type Filter } from './state.ts';

const STORAGE_KEY = 'sofortdesk.listFilter';

function initialFilter(): Filter {
  const fromUrl = filterFromSearch(window.location.search);
  if (fromUrl) return fromUrl;
  try {
    return filterFromSearch(localStorage.getItem(STORAGE_KEY) ?? '') ?? DEFAULT_FILTER;
  } catch {
    return DEFAULT_FILTER; // storage unavailable (private mode)
  }
}

export function useListFilter(): [Filter, (filter: Filter) => void] {
  const [filter, setFilter] = useState<Filter>(initialFilter);

  useEffect(() => {
    const search = filterToSearch(filter);
    // Replace, not push: Back leaves the list rather than stepping through every filter tried.
    if (window.location.search !== search) {
      const { pathname, hash } = window.location;
      window.history.replaceState(window.history.state, '', pathname + search + hash);
    }
    try {
      localStorage.setItem(STORAGE_KEY, search);
    } catch {
      // private mode
    }
  }, [filter]);

  useEffect(() => {
    // Going back between conversations keeps the search as it is: only a different filter reloads.
    const onPop = () => {
      const next = filterFromSearch(window.location.search) ?? DEFAULT_FILTER;
      setFilter((current) => (filterKey(current) === filterKey(next) ? current : next));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  return [filter, setFilter];
}

/** The account's teams, for the team filter (an empty list when they cannot be read). */
export function useTeams(api: ApiClient, generation: number): Team[] {
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    let cancelled = false;
    api.teams().then(
      (result) => !cancelled && setTeams(result.items),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, generation]);
  return teams;
}

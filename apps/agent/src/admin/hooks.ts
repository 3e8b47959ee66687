/** Loading and saving on the admin screens: one shape for "loading", "failed" and "saved". */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reason } from '../errors.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  /** Loads again (after a change elsewhere). */
  reload: () => void;
  /** Replaces the data with what a change answered, without asking again. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Runs load when its key changes; a late answer for an old key is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const { t } = useTranslation();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let cancelled = false;
    setError(null);
    loadRef.current().then(
      (value) => !cancelled && setData(value),
      (failure: unknown) => !cancelled && setError(reason(failure, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [key, generation, t]);

  return { data, error, reload: useCallback(() => setGeneration((n) => n + 1), []), setData };
}

export interface Action {
  busy: boolean;
  /** What the last run ended with: "saved" or the reason it failed. */
  outcome: { ok: true } | { ok: false; reason: string } | null;
  run: (work: () => Promise<unknown>) => Promise<boolean>;
  reset: () => void;
}

/** A change the admin starts (save, create, delete): busy while it runs, then its outcome. */
export function useAction(): Action {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Action['outcome']>(null);
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      setOutcome(null);
      try {
        await work();
        setOutcome({ ok: true });
        return true;
      } catch (failure) {
        setOutcome({ ok: false, reason: reason(failure, t) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, outcome, run, reset: useCallback(() => setOutcome(null), []) };
}

/**
 * Ticking a member in a checklist (inbox or team members): the box shows the choice at once, as a
 * checkbox should, and goes back if the server refuses it.
 */
export async function toggleMember(
  members: Loaded<Set<string>>,
  action: Action,
  save: (member: boolean) => Promise<unknown>,
  id: string,
  member: boolean,
): Promise<void> {
  const mark = (on: boolean) =>
    members.setData((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  mark(member);
  if (!(await action.run(() => save(member)))) mark(!member);
}

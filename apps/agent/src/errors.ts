import type { TFunction } from 'i18next';
import { ApiError } from './api/client.ts';

/** Why something failed, in words for the agent. */
export function reason(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    const detail = error.problem?.errors?.map((e) => e.message).join('; ');
    return [error.problem?.title ?? `HTTP ${error.status}`, detail].filter(Boolean).join(': ');
  }
  if (error instanceof TypeError) return t('errors.network');
  return error instanceof Error ? error.message : String(error);
}

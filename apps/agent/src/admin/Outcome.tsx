import { useTranslation } from 'react-i18next';
import type { Action } from './hooks.ts';

/** Says how a save ended: quietly when it worked, as an alert when it did not. */
export function Outcome({ action, success }: { action: Action; success?: string }) {
  const { t } = useTranslation();
  if (!action.outcome) return null;
  if (action.outcome.ok) {
    return (
      <p className="admin-outcome admin-outcome--ok" role="status">
        {success ?? t('admin.saved')}
      </p>
    );
  }
  return (
    <p className="form-error" role="alert">
      {t('admin.failed', { reason: action.outcome.reason })}
    </p>
  );
}

/** Loading or failed, in the admin screens' words. */
export function LoadState({ error }: { error: string | null }) {
  const { t } = useTranslation();
  return error ? (
    <p className="notice notice--error" role="alert">
      {t('admin.error', { reason: error })}
    </p>
  ) : (
    <p className="muted" role="status">
      {t('admin.loading')}
    </p>
  );
}

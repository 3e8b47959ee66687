/** Admins make a collection here (the API allows only them); it opens at once. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigateTo } from '../admin/navigation.ts';
import { reason } from '../errors.ts';
import type { Collection, KnowledgeApi } from './api.ts';
import { paths } from './routes.ts';

export function NewCollection({ api, onCreated }: { api: KnowledgeApi; onCreated: (c: Collection) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const collection = await api.createCollection(name.trim());
      setName('');
      onCreated(collection);
      navigateTo(paths.collection(collection.id));
    } catch (failure) {
      setError(reason(failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="kb-new-collection">
      <summary>{t('knowledge.newCollection')}</summary>
      <form onSubmit={(e) => void create(e)} aria-label={t('knowledge.newCollection')}>
        <div className="field field--compact">
          <label htmlFor={`${id}-name`}>{t('knowledge.collectionName')}</label>
          <input id={`${id}-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy || !name.trim()}>
          {t('knowledge.createCollection')}
        </button>
        {error && (
          <p className="form-error" role="alert">
            {t('admin.failed', { reason: error })}
          </p>
        )}
      </form>
    </details>
  );
}

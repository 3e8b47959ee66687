import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a text to the clipboard and says so; where the clipboard is refused, says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy">
      <button type="button" className="button" onClick={() => void copy()}>
        {label ?? t('admin.copy')}
      </button>
      <span role="status" className={state === 'failed' ? 'form-error' : 'admin-outcome admin-outcome--ok'}>
        {state === 'copied' ? t('admin.copied') : state === 'failed' ? t('admin.copyFailed') : ''}
      </span>
    </span>
  );
}

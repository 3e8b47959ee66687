import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const ROWS = [
  { keys: ['j'], text: 'help.next' },
  { keys: ['k'], text: 'help.previous' },
  { keys: ['r'], text: 'help.reply' },
  { keys: ['n'], text: 'help.note' },
  { keys: ['e'], text: 'help.resolve' },
  { keys: ['a'], text: 'help.assign' },
  { keys: ['?'], text: 'help.help' },
  { keys: ['Ctrl', 'Enter'], text: 'help.send' },
  { keys: ['Esc'], text: 'help.escape' },
] as const;

/** The shortcut list in a native modal dialog: it traps focus, Escape closes it, focus returns. */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="help" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">{t('help.title')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('help.key')}</th>
            <th scope="col">{t('help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.text}>
              <td>
                {row.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && ' + '}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{t(row.text)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button button--primary" autoFocus>
          {t('help.close')}
        </button>
      </form>
    </dialog>
  );
}

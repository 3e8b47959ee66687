import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { Agent } from '../api/types.ts';
import { reason } from '../errors.ts';
import { Logo } from './Logo.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';

export function Login({ api, onLoggedIn }: { api: ApiClient; onLoggedIn: (agent: Agent) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { agent } = await api.login(email, password);
      onLoggedIn(agent);
    } catch (failure) {
      setBusy(false);
      if (failure instanceof ApiError && (failure.status === 401 || failure.status === 422))
        setError(t('login.wrong'));
      else if (failure instanceof ApiError && failure.status === 429) setError(t('login.throttled'));
      else setError(t('login.failed', { reason: reason(failure, t) }));
    }
  }

  return (
    <main className="login">
      <form className="login__card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="login__brand">
          <Logo />
          <span>Sofortdesk</span>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="login__intro">{t('login.intro')}</p>
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
          />
        </div>
        {error && (
          <p id="login-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <LanguageSelect className="login__language" />
      </form>
    </main>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client.ts';
import { App } from './App.tsx';
import { initI18n, initialLanguage } from './i18n/index.ts';
import './styles.css';

await initI18n(initialLanguage());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={new ApiClient()} />
    </StrictMode>,
  );
}

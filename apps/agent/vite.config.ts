/**
 * Development server for the agent app: `npx vite apps/agent` (with `npm start` running the API on
 * port 3000). Production builds go through bin/build.ts, which `npm start` runs when needed.
 */
import { defineConfig } from 'vite';
import { viteConfig } from './bin/build.ts';

export default defineConfig(async () => ({
  ...(await viteConfig()),
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
}));

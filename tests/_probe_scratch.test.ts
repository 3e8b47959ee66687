import { afterAll, beforeAll, it } from 'vitest';
import fs from 'node:fs';
import { createTestDatabase } from '@sofortdesk/testing';
import { startTestServer, type TestServer } from './support/server.ts';
const database = createTestDatabase('sqlite');
let t: TestServer;
beforeAll(async () => { t = await startTestServer(database); });
afterAll(async () => { await t?.close(); await database.drop(); });
it('dump', async () => {
  fs.writeFileSync('/tmp/openapi.json', await (await fetch(t.url + '/api/openapi.json')).text());
});

/**
 * The realtime floor: a plain node:http + ws server, run as a child process like Sofortdesk. A POST
 * to /messages is answered 201 after its frame (shaped like Sofortdesk's message.created frame, one
 * serialisation per message) was handed to every connected socket, in the order Sofortdesk does it
 * (its outbox hook broadcasts right after the commit, before the answer). No auth, no database.
 * Tenancy: a socket upgraded with `?group=<g>` also joins group g, and a POST to `/messages?group=<g>`
 * goes to that group's sockets only (as an account's events go to its agents); without `group`, to all.
 *
 *   node bench/ws-broadcast-server.ts <port>   (through tsx)
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const sockets = new Set<WebSocket>();
const groups = new Map<string, Set<WebSocket>>();
const groupOf = (url: string | undefined) => new URL(url ?? '/', 'http://x').searchParams.get('group');
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
let cursor = 0;
const conversationId = randomUUID();
const inboxId = randomUUID();

const server = createServer((req, res) => {
  const group = groupOf(req.url);
  const audience = group === null ? sockets : (groups.get(group) ?? new Set<WebSocket>());
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { externalId: string; text: string };
    const at = new Date().toISOString();
    const message = {
      id: randomUUID(),
      inboxId,
      conversationId,
      direction: 'in',
      kind: 'text',
      authorType: 'contact',
      authorId: randomUUID(),
      text: input.text,
      externalId: input.externalId,
      attachments: [],
      createdAt: at,
    };
    const frame = JSON.stringify({
      cursor: ++cursor,
      type: 'message.created',
      inboxId,
      conversationId,
      data: { message },
      createdAt: at,
    });
    for (const socket of audience) if (socket.readyState === socket.OPEN) socket.send(frame);
    const body = JSON.stringify({ messageId: message.id, conversationId, contactId: message.authorId });
    res
      .writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      .end(body);
  });
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    sockets.add(ws);
    const group = groupOf(request.url);
    if (group !== null) {
      if (!groups.has(group)) groups.set(group, new Set());
      groups.get(group)!.add(ws);
    }
    ws.on('close', () => {
      sockets.delete(ws);
      if (group !== null) groups.get(group)?.delete(ws);
    });
    ws.on('error', () => ws.terminate());
    ws.send(JSON.stringify({ type: 'ready', cursor }));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.once('SIGTERM', () => {
  for (const ws of sockets) ws.terminate();
  server.close(() => process.exit(0));
});

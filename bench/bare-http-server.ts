/**
 * The HTTP floor of the throughput benchmark: a bare node:http server, run as a child process like
 * Sofortdesk, that reads the request body and answers 201 with a small JSON body. No framework,
 * no validation, no database: what the load generator and the loopback can do on this machine.
 *
 *   node bench/bare-http-server.ts <port>   (through tsx)
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
let n = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    n++;
    const body = JSON.stringify({ messageId: `m-${n}`, conversationId: 'c-1', contactId: 'k-1' });
    res
      .writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      .end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

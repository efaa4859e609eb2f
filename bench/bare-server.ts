/**
 * The upper bound for `npm run bench:api`: a bare node:http server answering every request with
 * the exact bytes (and content type) the API returned for the list query. BODY_FILE, PORT.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.BODY_FILE!);
const headers = { 'content-type': process.env.CONTENT_TYPE ?? 'application/json', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

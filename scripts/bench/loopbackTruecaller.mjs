// A minimal Truecaller stand-in for benchmarks, run as its own process so its CPU time is not counted in the
// process being measured. Prints its port on stdout, then answers until killed.
import { createServer } from 'node:http';

const profile = JSON.stringify({
  phoneNumbers: [46761234567],
  name: { first: 'Rajat', last: 'Kapoor' },
  onlineIdentities: { email: 'rajat@example.invalid' },
  addresses: [{ countryCode: 'se', city: 'Stockholm' }],
  gender: 'Male',
});
let counter = 0;

const server = createServer((request, response) => {
  // Drain the request body before answering, as a real server would.
  request.resume();
  request.on('end', () => {
    const body = request.method === 'POST' ? JSON.stringify({ requestId: `bench-${counter++}` }) : profile;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

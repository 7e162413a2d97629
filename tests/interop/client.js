'use strict';
// A stock `ws` client for WsGate's interop tests: `node client.js <ws-url> [protocol,protocol...]` connects (offering
// the subprotocols given; `ws` then insists the server picks one of them), sends a text, a binary and a 1 MiB binary
// message, checks each echo, closes with 4001, and prints one JSON line with what it saw. Exits 0 once it printed its
// results, even when a check failed or the connection broke: the test judges them.
const { WebSocket } = require('ws');

const url = process.argv[2];
const protocols = process.argv[3] ? process.argv[3].split(',') : [];
if (!url) {
  process.stderr.write('usage: node client.js <ws-url> [protocol,protocol...]\n');
  process.exit(2);
}

const big = Buffer.alloc(1024 * 1024);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;

const steps = [
  { name: 'text', data: 'hello from node ws', binary: false },
  { name: 'binary', data: Buffer.from([0, 1, 2, 253, 254, 255]), binary: true },
  { name: 'large', data: big, binary: true },
];

const results = { url, protocol: null, echoes: {}, closeCode: null, closeReason: null, error: null };
const socket = new WebSocket(url, protocols);
const timer = setTimeout(() => finish('timed out'), 15000);
let step = 0;

function finish(error) {
  clearTimeout(timer);
  if (error && !results.error) results.error = String(error);
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(0);
}

function sendNext() {
  if (step < steps.length) {
    socket.send(steps[step].data, { binary: steps[step].binary });
  } else {
    socket.close(4001, 'node says bye');
  }
}

socket.on('open', () => {
  results.protocol = socket.protocol;
  sendNext();
});

socket.on('message', (data, isBinary) => {
  const expected = steps[step];
  const sent = expected.binary ? expected.data : Buffer.from(expected.data, 'utf8');
  results.echoes[expected.name] = isBinary === expected.binary && Buffer.compare(Buffer.from(data), sent) === 0;
  step++;
  sendNext();
});

socket.on('close', (code, reason) => {
  results.closeCode = code;
  results.closeReason = reason.toString();
  finish(null);
});

socket.on('error', (err) => {
  results.error = err.message;
});

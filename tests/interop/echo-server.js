'use strict';
// A stock `ws` echo server for WsGate's interop tests (tests/WsGate.Testing/NodeWsServer.cs starts it).
// Listens on 127.0.0.1 on a port the OS picks and prints that port as its first stdout line. Echoes text as text and
// binary as binary, chooses the subprotocol chat.v2 when the client offers it, and exits when its stdin closes (the
// test process went away). A client's close is answered by `ws` itself with the same code and reason.
const { WebSocketServer } = require('ws');

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  handleProtocols: (protocols) => (protocols.has('chat.v2') ? 'chat.v2' : false),
});

server.on('listening', () => {
  process.stdout.write(`${server.address().port}\n`);
});

server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => {});
});

process.stdin.on('close', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

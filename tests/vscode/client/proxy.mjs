// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A small HTTP reverse proxy on loopback that refuses WebSocket upgrades (502), as some
// corporate and debugging proxies do: what makes a client fall back to HTTP + SSE.
import * as http from 'node:http';

export async function startRefusingProxy(targetPort) {
  const sockets = new Set();
  const counts = { upgradesRefused: 0, requests: 0 };
  const server = http.createServer((request, response) => {
    counts.requests++;
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: request.method,
        path: request.url,
        // Attache answers only requests that name it: the proxy says where it forwards to.
        headers: { ...request.headers, host: `127.0.0.1:${targetPort}` },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_request, socket) => {
    counts.upgradesRefused++;
    const body = 'WebSocket upgrades are not allowed through this proxy.\n';
    socket.end(
      'HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n' +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    counts,
    /** Cuts every connection through it, as a network failure would. */
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The floor a developer would otherwise pick: a minimal Node.js relay in front of the upstream.
// Each request is forwarded on a kept-alive connection and the reply's bytes are written to the
// client as they come, with no parsing. attache-bench measures the first token through it in the
// same run as through Attache.
//   node noderelay.js UPSTREAM_PORT
'use strict';
const http = require('http');

const upstreamPort = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
        const body = Buffer.concat(chunks);
        const upstream = http.request({
            host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, agent,
            headers: { 'content-type': 'application/json', 'content-length': body.length },
        }, (reply) => {
            res.writeHead(reply.statusCode, {
                'content-type': reply.headers['content-type'] || 'text/event-stream',
                'cache-control': 'no-cache',
            });
            reply.on('data', (data) => res.write(data));
            reply.on('end', () => res.end());
        });
        upstream.on('error', () => { res.statusCode = 502; res.end(); });
        upstream.setNoDelay(true);
        upstream.end(body);
    });
});
server.on('connection', (socket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}/v1`);
});

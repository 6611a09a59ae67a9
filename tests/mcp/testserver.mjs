// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A small MCP server for Attache's tests, with no dependencies. By default it speaks only the
// stateless revision (2026-07-28: server/discover, _meta on every request, no session). With
// --legacy it speaks only the handshake revision 2025-11-25 instead and, over HTTP, keeps
// sessions, resumes streams with Last-Event-ID and ends sessions on DELETE. Everything a test
// wants to check on the wire is written as JSON lines to the --log file. A handshake server
// refuses every request but initialize and ping until notifications/initialized has come.
//
//   node testserver.mjs [--http] [--legacy] [--ttl MS] [--log FILE] [--clashing]
//                       [--slow-initialized MS] [--batch] [--linger] [--change-while-listing]
//   --http: listens on 127.0.0.1, on a free port it prints as "listening PORT" on stdout.
//   --slow-initialized: over HTTP, takes notifications/initialized (and answers 202) after MS.
//   --batch: over stdio, writes what it sends in the same turn as one JSON-RPC batch (an
//     array), as servers of revision 2025-03-26 may.
//   --linger: over stdio, stays when its stdin closes; only SIGTERM (logged) ends it.
//   --change-while-listing: the first tools/list adds a tool at the front of the list and
//     says so (list_changed) before it answers.
//   --failing-list: tools/list answers with an error, on an event stream.
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const STATELESS = '2026-07-28';
const LEGACY = '2025-11-25';
const legacy = flag('--legacy');
const overHttp = flag('--http');
const ttl = Number(option('--ttl', '0'));
const logFile = option('--log', '');
const slowInitialized = Number(option('--slow-initialized', '0'));
const batch = flag('--batch');
const linger = flag('--linger');
let changeWhileListing = flag('--change-while-listing');
const failingList = flag('--failing-list');
const supported = legacy ? [LEGACY] : [STATELESS];

function log(event) {
  if (logFile) fs.appendFileSync(logFile, JSON.stringify(event) + '\n');
}

const tools = [
  {
    name: 'add',
    description: 'Adds two whole numbers.',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'integer' } },
      required: ['a', 'b'],
    },
    outputSchema: {
      type: 'object', properties: { sum: { type: 'integer' } }, required: ['sum'],
    },
    annotations: { readOnlyHint: true, destructiveHint: false },
  },
  {
    name: 'misshapen',
    description: 'Answers with structured content its output schema does not allow.',
    inputSchema: { type: 'object' },
    outputSchema: {
      type: 'object', properties: { sum: { type: 'integer' } }, required: ['sum'],
    },
  },
  {
    name: 'slow',
    description: 'Answers after ms milliseconds, unless cancelled first.',
    inputSchema: { type: 'object', properties: { ms: { type: 'integer' } } },
  },
  {
    name: 'region',
    description: 'Says which region it was asked for, as the header carried it.',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
    },
  },
  { name: 'crash', description: 'Exits at once (stdio).', inputSchema: { type: 'object' } },
  { name: 'grow', description: 'Adds a tool named extra.', inputSchema: { type: 'object' } },
  { name: 'forget', description: 'Forgets every session.', inputSchema: { type: 'object' } },
  { name: 'dropped', description: 'Answers on a stream it drops once.', inputSchema: { type: 'object' } },
  { name: 'failing', description: 'Always fails.', inputSchema: { type: 'object' } },
  { name: 'freeze', description: 'Stops answering anything.', inputSchema: { type: 'object' } },
];
// Two names that are one once made safe for a model ("." is not allowed there).
if (flag('--clashing')) {
  for (const name of ['echo.text', 'echo_text'])
    tools.push({ name, description: 'Says its own name.', inputSchema: { type: 'object' } });
}
let frozen = false;
const initialized = new Set(); // the sessions ("stdio" over stdio) that sent initialized

const running = new Map(); // request id → cancel()
const sessions = new Set();
const streams = new Map(); // last event id → the answer the stream owed

function error(id, code, message, data) {
  const e = { code, message };
  if (data !== undefined) e.data = data;
  return { jsonrpc: '2.0', id, error: e };
}

function result(id, value) {
  return { jsonrpc: '2.0', id, result: { resultType: 'complete', ...value } };
}

function serverMeta() {
  return { 'io.modelcontextprotocol/serverInfo': { name: 'attache-test-server', version: '1.0.0' } };
}

// Calls a tool; answer(message) sends the response (possibly later). ctx: {headers, notify}.
function callTool(id, params, ctx, answer) {
  const args = params.arguments || {};
  switch (params.name) {
    case 'echo.text':
    case 'echo_text':
      answer(result(id, { content: [{ type: 'text', text: params.name }] }));
      return;
    case 'add':
      answer(result(id, {
        content: [{ type: 'text', text: `${args.a} + ${args.b} = ${args.a + args.b}` }],
        structuredContent: { sum: args.a + args.b },
      }));
      return;
    case 'slow': {
      const timer = setTimeout(() => {
        running.delete(String(id));
        answer(result(id, { content: [{ type: 'text', text: 'done' }] }));
      }, args.ms ?? 60000);
      running.set(String(id), (reason) => {
        clearTimeout(timer);
        log({ event: 'cancelled', id, reason });
      });
      return;
    }
    case 'region':
      answer(result(id, {
        content: [{ type: 'text', text: `region ${args.region}, header ${ctx.headers?.['mcp-param-region'] ?? 'none'}` }],
      }));
      return;
    case 'misshapen':
      answer(result(id, {
        content: [{ type: 'text', text: 'five' }],
        structuredContent: { sum: 'five' },
      }));
      return;
    case 'crash':
      process.stderr.write('crashing on purpose\n');
      process.exit(7);
      return;
    case 'grow':
      if (!tools.some((t) => t.name === 'extra'))
        tools.push({ name: 'extra', description: 'Came later.', inputSchema: { type: 'object' } });
      answer(result(id, { content: [{ type: 'text', text: 'grown' }] }));
      // The stateless revision has no unasked notifications (without subscriptions/listen):
      // its clients learn of the change when the list's ttlMs runs out.
      if (legacy) ctx.notify?.({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      return;
    case 'forget':
      sessions.clear();
      answer(result(id, { content: [{ type: 'text', text: 'forgotten' }] }));
      return;
    case 'freeze':
      frozen = true; // the process lives on, deaf: a hung server
      return;
    case 'failing':
      answer(result(id, { content: [{ type: 'text', text: 'it went wrong' }], isError: true }));
      return;
    case 'dropped':
      if (ctx.drop) {
        ctx.drop(result(id, { content: [{ type: 'text', text: 'resumed answer' }] }));
        return;
      }
      answer(result(id, { content: [{ type: 'text', text: 'not dropped' }] }));
      return;
    default:
      answer(error(id, -32602, `Unknown tool: ${params.name}`));
  }
}

// One JSON-RPC message in; what goes back through answer (nothing for a notification).
function handle(message, ctx, answer) {
  if (frozen) return;
  const { id, method } = message;
  const params = message.params || {};
  if (method === undefined) return; // a response to something we never asked
  if (method === 'notifications/cancelled') {
    const cancel = running.get(String(params.requestId));
    running.delete(String(params.requestId));
    cancel?.(params.reason);
    return;
  }
  if (method === 'notifications/initialized') {
    initialized.add(ctx.session ?? 'stdio');
    return;
  }
  if (id === undefined) return;
  const meta = params._meta || {};
  const version = legacy ? undefined : meta['io.modelcontextprotocol/protocolVersion'];
  log({ event: 'request', method, id, version: version ?? null, headers: ctx.headers ?? null,
        session: ctx.session ?? null, meta: Object.keys(meta) });
  if (legacy) {
    // A handshake server of before 2026: initialize, and no server/discover.
    if (method === 'initialize') {
      answer({ jsonrpc: '2.0', id, result: {
        protocolVersion: LEGACY,
        capabilities: { tools: { listChanged: true } },
        serverInfo: { name: 'attache-test-server', version: '1.0.0' },
      } });
      return;
    }
    if (method === 'server/discover') {
      answer(error(id, -32601, `Method not found: ${method}`));
      return;
    }
    if (method !== 'ping' && !initialized.has(ctx.session ?? 'stdio')) {
      log({ event: 'early', method });
      answer(error(id, -32000, `${method} before notifications/initialized`));
      return;
    }
  } else if (method === 'initialize') {
    answer(error(id, -32601, `This server speaks only MCP ${STATELESS}; send server/discover.`));
    return;
  }
  if (!version && !legacy) {
    answer(error(id, -32022, 'Unsupported protocol version', { supported, requested: null }));
    return;
  }
  if (version && !supported.includes(version)) {
    answer(error(id, -32022, 'Unsupported protocol version', { supported, requested: version }));
    return;
  }
  if (version && !meta['io.modelcontextprotocol/clientCapabilities']) {
    answer(error(id, -32602, 'clientCapabilities is required in _meta'));
    return;
  }
  switch (method) {
    case 'server/discover':
      answer(result(id, {
        supportedVersions: supported,
        capabilities: { tools: {} },
        instructions: 'A server for tests.',
        ttlMs: ttl, cacheScope: 'private', _meta: serverMeta(),
      }));
      return;
    case 'ping':
      answer(result(id, {}));
      return;
    case 'tools/list': {
      if (failingList) {
        answer(error(id, -32603, 'The tool list is broken.'));
        return;
      }
      // Two to a page, so a client has to follow nextCursor.
      const start = Number(params.cursor ?? 0);
      const page = tools.slice(start, start + 2);
      const more = start + 2 < tools.length;
      if (changeWhileListing && start === 0) {
        changeWhileListing = false;
        tools.unshift({ name: 'extra', description: 'Came later.', inputSchema: { type: 'object' } });
        ctx.notify?.({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      }
      answer(result(id, { tools: page, ...(more ? { nextCursor: String(start + 2) } : {}),
                          ttlMs: ttl, cacheScope: 'private', _meta: serverMeta() }));
      return;
    }
    case 'tools/call':
      callTool(id, params, ctx, answer);
      return;
    default:
      answer(error(id, -32601, `Method not found: ${method}`));
  }
}

function stdio() {
  let queued = [];
  const send = (m) => {
    if (!batch) {
      process.stdout.write(JSON.stringify(m) + '\n');
      return;
    }
    queued.push(m);
    if (queued.length === 1) {
      setImmediate(() => {
        process.stdout.write(JSON.stringify(queued) + '\n');
        queued = [];
      });
    }
  };
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try { message = JSON.parse(line); } catch { return send(error(null, -32700, 'Parse error')); }
    handle(message, { notify: send }, send);
  });
  process.stdin.on('end', () => {
    if (linger) return;
    log({ event: 'stdin closed' });
    process.exit(0);
  });
  if (linger) setInterval(() => {}, 1 << 30); // stays, whatever its stdin does
  process.on('SIGTERM', () => {
    log({ event: 'sigterm' });
    process.exit(0);
  });
}

function httpServer() {
  const server = http.createServer((req, res) => {
    const headers = {};
    for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name', 'mcp-session-id',
      'mcp-param-region', 'accept', 'last-event-id'])
      if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    const session = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      if (!legacy) { res.writeHead(405).end(); return; }
      log({ event: 'delete', session });
      sessions.delete(session);
      res.writeHead(200).end();
      return;
    }
    if (req.method === 'GET') {
      if (!legacy) { res.writeHead(405).end(); return; }
      const last = req.headers['last-event-id'];
      if (!session || !sessions.has(session)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (last && streams.has(last)) {
        log({ event: 'resume', lastEventId: last });
        res.end(`id: ${last}-2\ndata: ${JSON.stringify(streams.get(last))}\n\n`);
        streams.delete(last);
        return;
      }
      res.write(': listening\n\n'); // a stream for server-initiated messages, kept open
      return;
    }
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      let message;
      try { message = JSON.parse(body); } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(error(null, -32700, 'Parse error')));
        return;
      }
      const version = legacy ? undefined
        : message.params?._meta?.['io.modelcontextprotocol/protocolVersion'];
      if (version) {
        // The stateless revision's header checks.
        const mismatch = (what) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify(error(message.id, -32020, `Header mismatch: ${what}`)));
        };
        if (headers['mcp-protocol-version'] !== version) return mismatch('MCP-Protocol-Version');
        if (headers['mcp-method'] !== message.method) return mismatch('Mcp-Method');
        const name = message.params?.name ?? message.params?.uri;
        if (name !== undefined && headers['mcp-name'] !== name) return mismatch('Mcp-Name');
      } else if (legacy && message.method !== 'initialize' && message.method !== undefined) {
        if (!session || !sessions.has(session)) {
          res.writeHead(session ? 404 : 400, { 'content-type': 'application/json' });
          res.end(JSON.stringify(error(message.id ?? null, -32000, 'No valid session')));
          return;
        }
        if (message.id !== undefined && headers['mcp-protocol-version'] !== LEGACY) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify(error(message.id, -32000, 'Bad MCP-Protocol-Version')));
          return;
        }
      }
      if (message.id === undefined) {
        const delay = message.method === 'notifications/initialized' ? slowInitialized : 0;
        setTimeout(() => {
          handle(message, { headers, session }, () => {});
          res.writeHead(202).end();
        }, delay);
        return;
      }
      const ctx = { headers, session };
      const streamed = (message.method === 'tools/call'
        && ['slow', 'dropped', 'grow'].includes(message.params?.name))
        || (failingList && message.method === 'tools/list');
      if (streamed) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Closing the stream before the answer is the stateless revision's cancellation.
        res.on('close', () => {
          if (!res.writableEnded && running.has(String(message.id))) {
            const cancel = running.get(String(message.id));
            running.delete(String(message.id));
            cancel('stream closed');
          }
        });
        if (legacy && !version) {
          ctx.drop = (answer) => {
            const eventId = `e${message.id}`;
            streams.set(eventId, answer);
            res.write(`id: ${eventId}\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } })}\n\n`);
            setTimeout(() => res.socket.destroy(), 50);
          };
        }
        ctx.notify = (m) => res.write(`data: ${JSON.stringify(m)}\n\n`);
      }
      handle(message, ctx, (answer) => {
        if (message.method === 'initialize' && answer.result) {
          const id = `s${Math.random().toString(16).slice(2)}`;
          sessions.add(id);
          res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': id });
          res.end(JSON.stringify(answer));
          return;
        }
        if (streamed) {
          res.end(`data: ${JSON.stringify(answer)}\n\n`);
          return;
        }
        const code = answer.error && [-32020, -32021, -32022].includes(answer.error.code) ? 400
          : answer.error?.code === -32601 && version ? 404 : 200;
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${server.address().port}\n`);
  });
}

if (overHttp) httpServer();
else stdio();

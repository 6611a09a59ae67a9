// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs an npm MCP server that listens with app.listen(PORT) (every interface) on loopback only:
// Attache's tests never ask a server to listen anywhere else.
//   node loopback.mjs <module> [args...]
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if ((typeof args[0] === 'number' || typeof args[0] === 'string') && typeof args[1] !== 'string')
    args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
const [module, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], module, ...rest];
await import(pathToFileURL(module).href);

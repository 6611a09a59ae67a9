// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The client library: everything the extension needs to talk to Attache, with no `vscode` in
// it, so that Node's test runner drives it against a real instance.
export * from './wire.ts';
export * from './discovery.ts';
export * from './channel.ts';
export * from './client.ts';
export * from './launcher.ts';
export { RpcChannel, type Identity } from './rpcchannel.ts';
export { WsChannel, ConnectError, type ConnectFailure, type Endpoint } from './wschannel.ts';
export { SseChannel } from './ssechannel.ts';
export { StdioChannel, type StdioCommand } from './stdiochannel.ts';
export { SseParser, readSse, type SseMessage } from './sse.ts';
export * from './errors.ts';
export * from './approvals.ts';

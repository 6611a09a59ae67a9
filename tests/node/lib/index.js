// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Helpers for Node-driven tests of Attache (the VS Code extension's client, SDKs, MCP servers):
// the fake provider and a real attache --headless, each in temp folders, stopped by pid.
export { startFake, tokens, FakeProvider } from './fake.js';
export { startAttache, runningAttache, makeHome, homeEnvironment, readDiscovery, Attache } from './attache.js';
export { startProcess, stopProcess, killProcess } from './processes.js';
export { waitFor, nextEvent } from './wait.js';
export { attacheBinary, fakeProviderBinary } from './binaries.js';

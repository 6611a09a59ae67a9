// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Where the binaries under test are: CTest passes their paths (generator expressions) in
// ATTACHE_BINARY and ATTACHE_FAKE_PROVIDER. A test run without them fails at once, saying so.
import * as fs from 'node:fs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the test through ctest (./scripts/test.sh), which passes the binary's path.`);
  fs.accessSync(value, fs.constants.X_OK);
  return value;
}

export const attacheBinary = () => required('ATTACHE_BINARY');
export const fakeProviderBinary = () => required('ATTACHE_FAKE_PROVIDER');

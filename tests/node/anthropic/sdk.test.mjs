// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Anthropic's own SDK (@anthropic-ai/sdk, as shipped) attached to a real attache --headless
// through /v1/messages: answered by an OpenAI-compatible provider (the fake provider, translated
// both ways) and by Anthropic's API (the fake Anthropic API, for claude-* models).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import Anthropic from '@anthropic-ai/sdk';

import { makeHome, startAttache, startFake, waitFor } from '../lib/index.js';
import { startFakeAnthropic } from './fakeanthropic.js';

let fake; // the OpenAI-compatible provider, the current one
let claude; // Anthropic's API
let attache;
let client;

before(async () => {
  fake = await startFake();
  claude = await startFakeAnthropic();
  // Attache takes only models a provider lists: these are the ones the tests name.
  await claude.models(['claude-sonnet-4-6', 'claude-haiku-4-5']);
  const dirs = makeHome('attache-anthropic-sdk-');
  // Retries of an overloaded API wait 50 ms, 100 ms rather than a second and two.
  fs.writeFileSync(path.join(dirs.config, 'settings.ini'), '[network]\nretryBaseMs=50\n');
  attache = await startAttache({
    fake,
    dirs,
    env: { ATTACHE_ANTHROPIC_BASE_URL: claude.baseUrl, ANTHROPIC_API_KEY: 'sk-ant-upstream' },
  });
  client = new Anthropic({ apiKey: attache.token, baseURL: attache.url(''), maxRetries: 0 });
});

beforeEach(async () => {
  await fake.reset();
  await claude.reset();
});

after(async () => {
  await attache?.stop();
  await fake?.stop();
  await claude?.stop();
  attache?.dirs.remove();
});

test('a message, not streamed, from an OpenAI-compatible provider', async () => {
  const message = await client.messages.create({
    model: 'fake-model',
    max_tokens: 200,
    system: 'Answer briefly.',
    messages: [{ role: 'user', content: 'Hello?' }],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.model, 'fake-model');
  assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from the fake provider.' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.input_tokens, 7);
  assert.equal(message.usage.output_tokens, 6);

  const [sent] = await fake.requests();
  assert.equal(sent.max_tokens, 200);
  assert.deepEqual(
    sent.messages.map((m) => [m.role, m.content]),
    [['system', 'Answer briefly.'], ['user', 'Hello?']],
  );
});

test('streamed with the SDK\'s helper: text as it comes, then the final message', async () => {
  await fake.replies({ tokens: ['One', ', two', ', three.'] });
  const stream = client.messages.stream({
    model: 'openai/fake-model',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Count' }],
  });
  const pieces = [];
  stream.on('text', (text) => pieces.push(text));
  const message = await stream.finalMessage();
  assert.deepEqual(pieces, ['One', ', two', ', three.']);
  assert.equal(message.content[0].text, 'One, two, three.');
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.output_tokens, 3);
});

test('tool use round trip through an OpenAI-compatible provider', async () => {
  const tools = [{
    name: 'get_weather',
    description: 'The weather in a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  }];
  await fake.replies(
    { tokens: ['Let me check.'], toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Oslo' }, pieces: 4 }] },
    { tokens: ['It is snowing in Oslo.'] },
  );
  const messages = [{ role: 'user', content: 'Weather in Oslo?' }];
  const stream = client.messages.stream({ model: 'fake-model', max_tokens: 300, tools, messages });
  const inputs = [];
  stream.on('inputJson', (partial) => inputs.push(partial));
  const first = await stream.finalMessage();
  assert.equal(first.stop_reason, 'tool_use');
  const call = first.content.find((block) => block.type === 'tool_use');
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(call.input, { city: 'Oslo' });
  assert.ok(inputs.length >= 2, `the input came in pieces: ${JSON.stringify(inputs)}`);

  messages.push({ role: 'assistant', content: first.content });
  messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'snow, -3 °C' }] });
  const second = await client.messages.create({ model: 'fake-model', max_tokens: 300, tools, messages });
  assert.equal(second.content[0].text, 'It is snowing in Oslo.');

  const sent = (await fake.requests())[1];
  assert.equal(sent.tools[0].function.name, 'get_weather');
  const assistant = sent.messages.find((m) => m.role === 'assistant');
  assert.equal(assistant.tool_calls[0].id, call.id);
  assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), { city: 'Oslo' });
  const result = sent.messages.find((m) => m.role === 'tool');
  assert.equal(result.tool_call_id, call.id);
  assert.equal(result.content, 'snow, -3 °C');
});

test('claude-* models go to Anthropic: thinking, its signature, cache tokens', async () => {
  await claude.messages({
    thinking: ['First, ', 'the greeting.'],
    signature: 'sig-abc',
    text: ['Hi', ' there!'],
    cacheReadTokens: 2048,
    cacheWriteTokens: 512,
  });
  const stream = client.messages.stream({
    model: 'claude-sonnet-4-6',
    max_tokens: 4000,
    thinking: { type: 'enabled', budget_tokens: 2000 },
    messages: [{ role: 'user', content: 'Hi' }],
  });
  const thoughts = [];
  stream.on('thinking', (delta) => thoughts.push(delta));
  const message = await stream.finalMessage();
  assert.deepEqual(thoughts, ['First, ', 'the greeting.']);
  assert.deepEqual(message.content[0], { type: 'thinking', thinking: 'First, the greeting.', signature: 'sig-abc' });
  assert.equal(message.content[1].text, 'Hi there!');
  assert.equal(message.usage.cache_read_input_tokens, 2048);
  assert.equal(message.usage.cache_creation_input_tokens, 512);
  assert.equal(message.usage.input_tokens, 12);

  const [sent] = await claude.requests();
  assert.equal(sent.headers['x-api-key'], 'sk-ant-upstream'); // Attache's key, never the token
  assert.equal(sent.headers.authorization, '');
  assert.equal(sent.headers['anthropic-version'], '2023-06-01');
  assert.deepEqual(sent.body.thinking, { type: 'enabled', budget_tokens: 2000 });
  assert.equal(sent.body.model, 'claude-sonnet-4-6');
});

test('the beta namespace, as Claude Code calls it: system blocks, cache marks, betas', async () => {
  await fake.replies({ tokens: ['Beta', ' works.'] });
  const stream = client.beta.messages.stream({
    model: 'fake-model',
    max_tokens: 100,
    betas: ['interleaved-thinking-2025-05-14'],
    metadata: { user_id: 'someone' },
    system: [
      { type: 'text', text: 'You are a coding assistant.' },
      { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [{
      role: 'user',
      content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }],
    }],
  });
  const message = await stream.finalMessage();
  assert.equal(message.content[0].text, 'Beta works.');
  assert.equal(message.stop_reason, 'end_turn');
  const [sent] = await fake.requests();
  // Each system block a system message, in order; the cache marks stay behind.
  assert.deepEqual(
    sent.messages.map((m) => [m.role, m.content]),
    [['system', 'You are a coding assistant.'], ['system', 'Be brief.'], ['user', 'Hi']],
  );
});

test('the token as x-api-key, and a wrong one refused in Anthropic\'s shape', async () => {
  const byHeader = new Anthropic({
    baseURL: attache.url(''),
    defaultHeaders: { 'X-Api-Key': attache.token, Authorization: null },
    maxRetries: 0,
  });
  const message = await byHeader.messages.create({
    model: 'fake-model', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }],
  });
  assert.equal(message.content[0].text, 'Hello from the fake provider.');

  const wrong = new Anthropic({ apiKey: 'not-the-token', baseURL: attache.url(''), maxRetries: 0 });
  await assert.rejects(
    wrong.messages.create({ model: 'fake-model', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
    (error) => {
      assert.ok(error instanceof Anthropic.AuthenticationError, String(error));
      assert.equal(error.status, 401);
      assert.equal(error.error.error.type, 'authentication_error');
      return true;
    },
  );
});

test('tokens counted: by Anthropic for claude-*, estimated for others', async () => {
  const counted = await client.messages.countTokens({
    model: 'claude-haiku-4-5',
    messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
  });
  assert.ok(counted.input_tokens > 0);
  assert.equal((await claude.stats()).count_requests, 1);
  const estimated = await client.messages.countTokens({
    model: 'fake-model',
    messages: [{ role: 'user', content: 'How many tokens is this sentence?' }],
  });
  assert.ok(estimated.input_tokens > 0);
});

test('errors reach the SDK as its own error classes', async () => {
  // (The SDK itself refuses a non-streamed request with a max_tokens above about 21,000.)
  await claude.messages({ fault: 'badRequest', errorMessage: 'max_tokens: 20000 > 8192, the maximum' });
  await assert.rejects(
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20000, messages: [{ role: 'user', content: 'Hi' }] }),
    (error) => {
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.match(error.message, /max_tokens: 20000 > 8192/);
      return true;
    },
  );

  // Overloaded three times: Attache tried, then said so with Anthropic's status.
  await claude.messages({ fault: 'overloaded' }, { fault: 'overloaded' }, { fault: 'overloaded' });
  await assert.rejects(
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
    (error) => {
      assert.equal(error.status, 529);
      assert.equal(error.error.error.type, 'overloaded_error');
      return true;
    },
  );
  assert.equal((await claude.stats()).requests, 4);

  // Overloaded once, before a word: Attache's retry is invisible to the client.
  await claude.messages({ fault: 'overloadedMidStream', faultAfter: 0 }, { text: ['Fine', '.'] });
  const message = await client.messages.create({
    model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }],
  });
  assert.equal(message.content[0].text, 'Fine.');
});

test('an error in the middle of a stream ends it with the SDK\'s error', async () => {
  await claude.messages({ fault: 'overloadedMidStream', faultAfter: 2 });
  const stream = client.messages.stream({
    model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }],
  });
  let text = '';
  stream.on('text', (delta) => (text += delta));
  await assert.rejects(stream.finalMessage(), (error) => {
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.equal(error.error?.error?.type ?? error.type, 'overloaded_error');
    return true;
  });
  assert.equal(text, 'Hello from');
});

test('a stream the client aborts stops the provider at once', async () => {
  await fake.replies({ chunks: 5000, delayMs: 5 });
  const stream = client.messages.stream({
    model: 'fake-model', max_tokens: 50, messages: [{ role: 'user', content: 'Talk' }],
  });
  let text = '';
  stream.on('text', (delta) => (text += delta));
  const ended = stream.finalMessage().catch((error) => error);
  await waitFor(() => text.length > 20, { what: 'some text' });
  stream.abort();
  assert.ok((await ended) instanceof Anthropic.APIUserAbortError);
  await waitFor(async () => (await fake.stats()).client_disconnects >= 1, { what: 'the provider to see the disconnect' });
  assert.equal((await fake.stats()).finished_streams, 0);
});

test('usage is the client\'s; a session only when one is named', async () => {
  const before = (await attache.request('GET', '/sessions')).json.sessions.length;
  await client.messages.create({ model: 'fake-model', max_tokens: 50, messages: [{ role: 'user', content: 'No session' }] });
  assert.equal((await attache.request('GET', '/sessions')).json.sessions.length, before);

  const named = new Anthropic({
    apiKey: attache.token,
    baseURL: attache.url(''),
    defaultHeaders: { 'X-Attache-Session': 'sdk work' },
    maxRetries: 0,
  });
  await named.messages.create({ model: 'fake-model', max_tokens: 50, messages: [{ role: 'user', content: 'Keep this' }] });
  const history = await attache.request('GET', '/history?session=sdk%20work');
  assert.equal(history.status, 200, history.text);
  const text = JSON.stringify(history.json);
  assert.match(text, /Keep this/);
  assert.match(text, /Hello from the fake provider\./);

  const usage = await waitFor(async () => {
    const answer = await attache.request('GET', '/usage');
    return answer.json.by_client.find((row) => row.client_id === 'Anthropic/JS') ? answer.json : null;
  }, { what: 'the SDK in the usage ledger' });
  assert.ok(usage.by_client.find((row) => row.client_id === 'Anthropic/JS').requests >= 2);
});

// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Responses API of the /v1 gateway, driven by the openai npm package: input as a string and
// as items, instructions, streamed events, function calls, and a conversation continued with
// previous_response_id after Attache restarted (the responses are in its SQLite store).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import OpenAI from 'openai';

import { makeHome, startAttache, startFake } from '../lib/index.js';

let fake;
let dirs;
let attache;
let client;

function connect() {
  client = new OpenAI({ baseURL: attache.url('/v1'), apiKey: attache.token, maxRetries: 0 });
}

before(async () => {
  fake = await startFake();
  dirs = makeHome();
  attache = await startAttache({ fake, dirs });
  connect();
});

after(async () => {
  await attache?.stop();
  await fake?.stop();
  dirs?.remove();
});

beforeEach(() => fake.reset());

const lookup = {
  type: 'function',
  name: 'lookup',
  description: 'Looks a word up',
  parameters: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
};

test('a string input with instructions: one message out, usage, the conversation as sent', async () => {
  await fake.replies({ tokens: ['Bon', 'jour'], promptTokens: 9 });
  const response = await client.responses.create({
    model: 'fake-model',
    instructions: 'Answer in French.',
    input: 'Say hello',
    temperature: 0.5,
    truncation: 'auto',
  });
  assert.equal(response.object, 'response');
  assert.match(response.id, /^resp_/);
  assert.equal(response.status, 'completed');
  assert.equal(response.output_text, 'Bonjour');
  assert.equal(response.output[0].type, 'message');
  assert.equal(response.output[0].role, 'assistant');
  assert.equal(response.usage.input_tokens, 9);
  assert.equal(response.usage.output_tokens, 2);
  assert.equal(response.usage.total_tokens, 11);

  const [sent] = await fake.requests();
  assert.deepEqual(sent.messages, [
    { role: 'system', content: 'Answer in French.' },
    { role: 'user', content: 'Say hello' },
  ]);
  assert.equal(sent.temperature, 0.5);
});

test('streamed: created, text deltas, completed', async () => {
  await fake.replies({ tokens: ['one ', 'two ', 'three'] });
  const stream = await client.responses.create({
    model: 'openai/fake-model',
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'Count' }] }],
    stream: true,
  });
  const events = [];
  for await (const event of stream) events.push(event);
  const types = events.map((e) => e.type);
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  const deltas = events.filter((e) => e.type === 'response.output_text.delta');
  assert.deepEqual(
    deltas.map((e) => e.delta),
    ['one ', 'two ', 'three'],
  );
  assert.ok(types.includes('response.output_item.added'));
  assert.ok(types.includes('response.output_text.done'));
  const sequence = events.map((e) => e.sequence_number);
  assert.deepEqual(sequence, [...sequence].sort((a, b) => a - b), 'sequence numbers in order');
  const completed = events.at(-1).response;
  assert.equal(completed.status, 'completed');
  assert.equal(completed.output[0].content[0].text, 'one two three');
});

test('a function call streamed, and its output sent back in the next request', async () => {
  await fake.replies(
    { tokens: [], toolCalls: [{ id: 'call_l', name: 'lookup', arguments: { word: 'attaché' }, pieces: 3 }] },
    { tokens: ['A diplomat.'] },
  );
  const stream = await client.responses.create({ model: 'fake-model', input: 'What is an attaché?', tools: [lookup], stream: true });
  const events = [];
  for await (const event of stream) events.push(event);
  const pieces = events.filter((e) => e.type === 'response.function_call_arguments.delta').map((e) => e.delta);
  assert.ok(pieces.length >= 2, 'the arguments arrive in pieces');
  assert.equal(pieces.join(''), '{"word":"attaché"}');
  const completed = events.at(-1).response;
  const call = completed.output.find((item) => item.type === 'function_call');
  assert.equal(call.name, 'lookup');
  assert.equal(call.call_id, 'call_l');
  assert.deepEqual(JSON.parse(call.arguments), { word: 'attaché' });

  const [first] = await fake.requests();
  assert.deepEqual(
    first.tools.map((t) => t.function.name),
    ['lookup'],
  );

  const answer = await client.responses.create({
    model: 'fake-model',
    previous_response_id: completed.id,
    input: [{ type: 'function_call_output', call_id: 'call_l', output: 'a diplomat' }],
    tools: [lookup],
  });
  assert.equal(answer.output_text, 'A diplomat.');
  const second = (await fake.requests())[1].messages;
  assert.equal(second[0].content, 'What is an attaché?');
  assert.equal(second[1].role, 'assistant');
  assert.equal(second[1].tool_calls[0].id, 'call_l');
  assert.deepEqual(second[2], { role: 'tool', tool_call_id: 'call_l', content: 'a diplomat' });
});

test('previous_response_id continues a stored conversation after a restart; GET finds it', async () => {
  await fake.replies({ tokens: ['Hi, Ada.'] });
  const first = await client.responses.create({ model: 'fake-model', input: 'My name is Ada.' });
  assert.equal(first.output_text, 'Hi, Ada.');

  await attache.stop();
  attache = await startAttache({ fake, dirs });
  connect();

  const stored = await client.responses.retrieve(first.id);
  assert.equal(stored.id, first.id);
  assert.equal(stored.output_text, 'Hi, Ada.');

  await fake.replies({ tokens: ['You are Ada.'] });
  const second = await client.responses.create({
    model: 'fake-model',
    previous_response_id: first.id,
    input: 'What is my name?',
  });
  assert.equal(second.output_text, 'You are Ada.');
  assert.equal(second.previous_response_id, first.id);
  const sent = (await fake.requests()).at(-1);
  assert.deepEqual(sent.messages, [
    { role: 'user', content: 'My name is Ada.' },
    { role: 'assistant', content: 'Hi, Ada.' },
    { role: 'user', content: 'What is my name?' },
  ]);

  await assert.rejects(client.responses.retrieve('resp_nothing'), (error) => error instanceof OpenAI.NotFoundError);
  await assert.rejects(
    client.responses.create({ model: 'fake-model', previous_response_id: 'resp_nothing', input: 'hi' }),
    (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.error.param, 'previous_response_id');
      return true;
    },
  );
});

// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The OpenAI-compatible /v1 gateway driven by the real `openai` npm package, against a real
// attache --headless in front of the fake provider: models, chat completions streamed and not,
// include_usage, tool calls with the round trip, unknown fields, an aborted stream, errors,
// sessions, the usage ledger and embeddings.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import OpenAI from 'openai';

import { startAttache, startFake, waitFor } from '../lib/index.js';

let fake;
let attache;
let client;

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
  // No retries: a test that sends one request must see one request upstream.
  client = new OpenAI({ baseURL: attache.url('/v1'), apiKey: attache.token, maxRetries: 0 });
});

after(async () => {
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

beforeEach(() => fake.reset());

const user = (content) => ({ role: 'user', content });

/** The chunks of a stream, and what they add up to. */
async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  return { chunks, text };
}

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const time = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
};

test('models: the current provider by bare id, every one as <provider>/<model>, and "attache"', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.object, 'model');
    assert.equal(typeof model.created, 'number');
    assert.equal(typeof model.owned_by, 'string');
    ids.push(model.id);
  }
  for (const id of ['attache', 'fake-model', 'fake-model-large', 'openai/fake-model', 'openai/fake-model-large']) {
    assert.ok(ids.includes(id), `${id} in ${ids}`);
  }

  const one = await client.models.retrieve('openai/fake-model');
  assert.deepEqual([one.id, one.object, one.owned_by], ['openai/fake-model', 'model', 'openai']);
  await assert.rejects(client.models.retrieve('openai/no-such-model'), (error) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.error.code, 'model_not_found');
    assert.match(error.message, /openai\/no-such-model/);
    return true;
  });
});

test('a completion: the conversation as sent, no prompt of Attache, usage, unknown fields accepted', async () => {
  await fake.replies({ tokens: ['Hel', 'lo', '!'], promptTokens: 12 });
  const messages = [
    { role: 'system', content: 'Be brief.' },
    user('Hi'),
    { role: 'assistant', content: 'Hello. What now?' },
    { role: 'user', content: [{ type: 'text', text: 'Say' }, { type: 'text', text: 'hello' }] },
  ];
  const completion = await client.chat.completions.create({
    model: 'fake-model',
    messages,
    temperature: 0.25,
    seed: 7,
    max_completion_tokens: 50,
    metadata: { purpose: 'test' },
    some_field_nobody_knows: { deep: [1, 2] },
  });
  assert.equal(completion.object, 'chat.completion');
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.model, 'fake-model');
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, 'Hello!');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage.prompt_tokens, 12);
  assert.equal(completion.usage.completion_tokens, 3);
  assert.equal(completion.usage.total_tokens, 15);

  const [sent] = await fake.requests();
  assert.equal(sent.model, 'fake-model');
  assert.deepEqual(sent.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello. What now?' },
    { role: 'user', content: 'Say\nhello' },
  ]);
  assert.equal(sent.tools, undefined, "Attache's own tools are not offered");
  assert.equal(sent.temperature, 0.25);
  assert.equal(sent.seed, 7);
  assert.equal(sent.max_completion_tokens, 50);
  assert.equal(sent.max_tokens, undefined);
  assert.deepEqual(sent.metadata, { purpose: 'test' });
  assert.deepEqual(sent.some_field_nobody_knows, { deep: [1, 2] });
});

test('"attache" is the current provider and model, and the answer says which', async () => {
  await fake.replies({ tokens: ['ok'] });
  const completion = await client.chat.completions.create({ model: 'attache', messages: [user('hi')] });
  assert.equal(completion.choices[0].message.content, 'ok');
  const [sent] = await fake.requests();
  assert.equal(completion.model, `openai/${sent.model}`);
});

test('streamed: one chunk per token, then [DONE]; no usage chunk unless asked for', async () => {
  await fake.replies({ tokens: ['a', 'b', 'c'] });
  const { chunks, text } = await collect(
    await client.chat.completions.create({ model: 'openai/fake-model', messages: [user('hi')], stream: true }),
  );
  assert.equal(text, 'abc');
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id));
  assert.ok(chunks.every((c) => c.model === 'openai/fake-model'));
  const last = chunks.at(-1);
  assert.equal(last.choices[0].finish_reason, 'stop');
  assert.ok(chunks.every((c) => c.choices.length === 1 && !c.usage), 'no usage chunk');
});

test('include_usage: a last chunk with no choices and the usage, cached tokens included', async () => {
  await fake.replies({ tokens: ['x', 'y'], promptTokens: 20, cachedTokens: 16 });
  const { chunks, text } = await collect(
    await client.chat.completions.create({
      model: 'fake-model',
      messages: [user('hi')],
      stream: true,
      stream_options: { include_usage: true },
    }),
  );
  assert.equal(text, 'xy');
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.equal(last.usage.prompt_tokens, 20);
  assert.equal(last.usage.completion_tokens, 2);
  assert.equal(last.usage.total_tokens, 22);
  assert.equal(last.usage.prompt_tokens_details.cached_tokens, 16);
  assert.equal(chunks.at(-2).choices[0].finish_reason, 'stop');
  assert.ok(chunks.slice(0, -1).every((c) => c.usage === null), 'earlier chunks say usage: null');
});

test('parallel tool calls streamed: stable indexes, id and name first, then arguments', async () => {
  await fake.replies({
    tokens: ['Let me check.'],
    interleaveToolCalls: true,
    toolCalls: [
      { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris' }, pieces: 3 },
      { id: 'call_t', name: 'get_time', arguments: { zone: 'Europe/Paris' }, pieces: 3 },
    ],
  });
  const { chunks, text } = await collect(
    await client.chat.completions.create({
      model: 'fake-model',
      messages: [user('Weather and time in Paris?')],
      tools: [weather, time],
      tool_choice: 'required',
      parallel_tool_calls: true,
      stream: true,
    }),
  );
  assert.equal(text, 'Let me check.');
  const calls = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
      if (!calls[delta.index]) {
        // The first piece of each call carries its id, type and name.
        assert.equal(typeof delta.id, 'string');
        assert.equal(delta.type, 'function');
        assert.equal(typeof delta.function.name, 'string');
        calls[delta.index] = { id: delta.id, name: delta.function.name, arguments: '' };
      } else {
        assert.equal(delta.id, undefined);
        assert.equal(delta.function.name, undefined);
      }
      calls[delta.index].arguments += delta.function.arguments ?? '';
    }
  }
  assert.deepEqual(calls, [
    { id: 'call_w', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: 'call_t', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
  ]);
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'tool_calls');

  const [sent] = await fake.requests();
  assert.deepEqual(
    sent.tools.map((t) => t.function.name),
    ['get_weather', 'get_time'],
    "only the client's tools",
  );
  assert.equal(sent.tool_choice, 'required');
  assert.equal(sent.parallel_tool_calls, true);
});

test('the SDK assembles streamed tool calls, and the round trip goes on with the results', async () => {
  await fake.replies(
    { tokens: [], toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' }, pieces: 4 }] },
    { tokens: ['Oslo: ', '3 °C.'] },
  );
  const messages = [user('Weather in Oslo?')];
  const runner = client.chat.completions.stream({ model: 'fake-model', messages, tools: [weather] });
  const first = await runner.finalChatCompletion();
  const message = first.choices[0].message;
  assert.equal(first.choices[0].finish_reason, 'tool_calls');
  assert.equal(message.tool_calls.length, 1);
  assert.equal(message.tool_calls[0].id, 'call_1');
  assert.equal(message.tool_calls[0].function.name, 'get_weather');
  assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { city: 'Oslo' });

  messages.push(message, { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":3}' });
  const second = await client.chat.completions.create({ model: 'fake-model', messages, tools: [weather] });
  assert.equal(second.choices[0].message.content, 'Oslo: 3 °C.');
  const sent = (await fake.requests())[1].messages;
  assert.equal(sent.length, 3);
  assert.equal(sent[1].role, 'assistant');
  assert.equal(sent[1].tool_calls[0].id, 'call_1');
  assert.equal(sent[1].tool_calls[0].function.name, 'get_weather');
  assert.deepEqual(sent[2], { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":3}' });
});

test('tool calls not streamed: message.tool_calls and finish_reason tool_calls', async () => {
  await fake.replies({
    tokens: [],
    toolCalls: [
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Rome' } },
      { id: 'call_b', name: 'get_time', arguments: { zone: 'Europe/Rome' } },
    ],
  });
  const completion = await client.chat.completions.create({
    model: 'fake-model',
    messages: [user('Rome?')],
    tools: [weather, time],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
  });
  const choice = completion.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, null);
  assert.deepEqual(
    choice.message.tool_calls.map((c) => [c.id, c.type, c.function.name, JSON.parse(c.function.arguments)]),
    [
      ['call_a', 'function', 'get_weather', { city: 'Rome' }],
      ['call_b', 'function', 'get_time', { zone: 'Europe/Rome' }],
    ],
  );
  const [sent] = await fake.requests();
  assert.deepEqual(sent.tool_choice, { type: 'function', function: { name: 'get_weather' } });
});

test('a client that goes away mid-stream stops the upstream request', async () => {
  // The provider sends three chunks, then holds the rest until told: still streaming, however
  // slow the machine.
  await fake.replies({ chunks: 2000, holdAfter: 3 });
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model: 'fake-model', messages: [user('long')], stream: true },
    { signal: controller.signal },
  );
  let seen = 0;
  // The SDK ends the iteration quietly when its request is aborted.
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta?.content && ++seen === 3) controller.abort();
  }
  assert.equal(seen, 3);
  await waitFor(async () => (await fake.stats()).client_disconnects === 1, {
    what: 'the fake provider to see Attache hang up',
  });
  const stats = await fake.stats();
  assert.equal(stats.finished_streams, 0, 'the reply was not streamed to its end');
  assert.equal(stats.open_streams, 0);
  assert.equal(stats.held_streams, 0);
  assert.equal(await fake.release(), 0, 'nothing was left waiting upstream');
});

test('errors in OpenAI shape: a wrong key, an unknown model, a bad request', async () => {
  const stranger = new OpenAI({ baseURL: attache.url('/v1'), apiKey: 'not-the-token', maxRetries: 0 });
  await assert.rejects(stranger.models.list(), (error) => {
    assert.ok(error instanceof OpenAI.AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.error.code, 'invalid_api_key');
    assert.equal(error.error.type, 'invalid_request_error');
    return true;
  });

  await assert.rejects(client.chat.completions.create({ model: 'openai/gpt-9-imaginary', messages: [user('hi')] }), (error) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.error.code, 'model_not_found');
    assert.equal(error.error.param, 'model');
    assert.match(error.error.message, /gpt-9-imaginary/);
    return true;
  });

  await assert.rejects(client.chat.completions.create({ model: 'fake-model', messages: [] }), (error) => {
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.error.type, 'invalid_request_error');
    assert.equal(error.error.param, 'messages');
    return true;
  });

  const unknownRoute = await attache.request('GET', '/v1/nothing-here');
  assert.equal(unknownRoute.status, 404);
  assert.equal(typeof unknownRoute.json.error.message, 'string');
  assert.ok('type' in unknownRoute.json.error && 'param' in unknownRoute.json.error);
  assert.equal((await fake.stats()).chat_requests, 0, 'nothing reached the provider');
});

test('upstream 429 and 500 come back with their status and message', async () => {
  await fake.replies(
    { fault: 'rateLimited', retryAfterSeconds: 9, errorMessage: 'Slow down, please' },
    { fault: 'serverError', errorMessage: 'The model fell over' },
  );
  await assert.rejects(client.chat.completions.create({ model: 'fake-model', messages: [user('hi')] }), (error) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.match(error.error.message, /Slow down, please/);
    return true;
  });
  await assert.rejects(
    client.chat.completions.create({ model: 'fake-model', messages: [user('hi')], stream: true }),
    (error) => {
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.status, 500);
      assert.match(error.error.message, /The model fell over/);
      return true;
    },
  );
});

test('an error mid-stream is an error chunk, then the stream ends', async () => {
  await fake.replies({ tokens: ['one ', 'two ', 'three '], fault: 'malformedChunk', faultAfter: 2 });
  const stream = await client.chat.completions.create({ model: 'fake-model', messages: [user('hi')], stream: true });
  let text = '';
  await assert.rejects(
    (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })(),
    (error) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(typeof error.error?.message ?? error.message, 'string');
      return true;
    },
  );
  assert.equal(text, 'one two ');
});

test('usage lands in the ledger under the client; a named session records the turn', async () => {
  // A client named by X-Attache-Client, so this test's figures are its own.
  const tool = new OpenAI({
    baseURL: attache.url('/v1'),
    apiKey: attache.token,
    maxRetries: 0,
    defaultHeaders: { 'X-Attache-Client': 'ledger-test' },
  });
  const before = await attache.request('GET', '/sessions');
  await fake.replies({ tokens: ['no session'], promptTokens: 5 }, { tokens: ['in ', 'a session'], promptTokens: 6 });
  await tool.chat.completions.create({ model: 'fake-model', messages: [user('one')] });
  const after = await attache.request('GET', '/sessions');
  assert.equal(after.json.sessions.length, before.json.sessions.length, 'no session was made');

  const completion = await tool.chat.completions.create(
    { model: 'fake-model', messages: [user('two')] },
    { headers: { 'X-Attache-Session': 'gateway-notes' } },
  );
  assert.equal(completion.choices[0].message.content, 'in a session');
  const session = await waitFor(async () => {
    const list = (await attache.request('GET', '/sessions')).json.sessions;
    return list.find((s) => s.name === 'gateway-notes' || s.id === 'gateway-notes');
  }, { what: 'the named session' });
  const history = await waitFor(async () => {
    const h = await attache.request('GET', `/history?session=${encodeURIComponent(session.id)}`);
    return h.json?.messages?.length >= 2 ? h.json.messages : null;
  }, { what: 'the turn in the session' });
  assert.deepEqual(
    history.map((m) => [m.role, m.content]),
    [
      ['user', 'two'],
      ['assistant', 'in a session'],
    ],
  );

  const totals = await waitFor(async () => {
    const now = (await attache.request('GET', '/usage?client=ledger-test')).json.totals;
    return now.requests >= 2 ? now : null;
  }, { what: 'the ledger to count both requests under ledger-test' });
  assert.equal(totals.requests, 2);
  assert.equal(totals.prompt_tokens, 11);
  assert.equal(totals.completion_tokens, 3);

  // The SDK's own requests are known by its User-Agent.
  const byClient = (await attache.request('GET', '/usage')).json.by_client;
  assert.ok(JSON.stringify(byClient).includes('"openai-node"'), JSON.stringify(byClient));
  const clients = (await attache.request('GET', '/clients')).json.clients;
  assert.ok(clients.some((c) => c.id === 'openai-node'), JSON.stringify(clients));
  assert.ok(clients.some((c) => c.id === 'ledger-test'), JSON.stringify(clients));
});

test('a turn that failed in a named session is stored once when the client sends it again', async () => {
  const headers = { 'X-Attache-Session': 'gateway-retry' };
  await fake.replies(
    { tokens: ['first answer'] },
    { fault: 'serverError', errorMessage: 'The model fell over' },
    { tokens: ['second ', 'answer'] },
  );
  const first = [user('one')];
  await client.chat.completions.create({ model: 'fake-model', messages: first }, { headers });
  const again = [...first, { role: 'assistant', content: 'first answer' }, user('two')];
  await assert.rejects(client.chat.completions.create({ model: 'fake-model', messages: again }, { headers }), (error) => {
    assert.equal(error.status, 500);
    return true;
  });
  // The client sends the same conversation again: the failed turn's mark is no new message.
  const retried = await client.chat.completions.create({ model: 'fake-model', messages: again }, { headers });
  assert.equal(retried.choices[0].message.content, 'second answer');
  const session = await waitFor(async () => {
    const list = (await attache.request('GET', '/sessions')).json.sessions;
    return list.find((s) => s.name === 'gateway-retry' || s.id === 'gateway-retry');
  }, { what: 'the named session' });
  const history = await waitFor(async () => {
    const h = await attache.request('GET', `/history?session=${encodeURIComponent(session.id)}`);
    const messages = h.json?.messages ?? [];
    return messages.at(-1)?.content === 'second answer' ? messages : null;
  }, { what: 'the retried turn in the session' });
  const said = history.filter((m) => m.content).map((m) => [m.role, m.content]);
  assert.deepEqual(said, [
    ['user', 'one'],
    ['assistant', 'first answer'],
    ['user', 'two'],
    ['assistant', 'second answer'],
  ]);
});

test('embeddings through the provider, as floats and as base64', async () => {
  const floats = await client.embeddings.create({ model: 'fake-model', input: ['alpha beta', 'gamma'], encoding_format: 'float' });
  assert.equal(floats.object, 'list');
  assert.equal(floats.data.length, 2);
  assert.equal(floats.data[0].embedding.length, 8);
  assert.equal(floats.usage.prompt_tokens, 3);
  // The SDK asks for base64 by default and decodes it: the same numbers.
  const decoded = await client.embeddings.create({ model: 'fake-model', input: 'alpha beta' });
  assert.equal(decoded.data[0].embedding.length, 8);
  decoded.data[0].embedding.forEach((value, i) => assert.ok(Math.abs(value - floats.data[0].embedding[i]) < 1e-6));
});

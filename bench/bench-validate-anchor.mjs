#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The anchor of bench/bench-validate: the OpenAI cookbook's Chat_finetuning_data_prep
// (format checks with its keys and counts, then the token counts and the distribution of the
// example lengths) ported line for line to Node.js, with npm tiktoken@1.0.22 (the WebAssembly
// build of OpenAI's tokenizer) as the encoder. Prints one JSON object on stdout.
// Usage: node bench-validate-anchor.mjs NODE_MODULES FILE [ENCODING]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [mods, file, encodingName] = process.argv.slice(2);
const require = createRequire(join(mods, 'x.js'));
const { get_encoding } = require('tiktoken');
const encoding = get_encoding(encodingName ?? 'o200k_base');

// with open(data_path) as f: dataset = [json.loads(line) for line in f]
// (blank lines are skipped, as `dataset validate` does; every other line must be JSON)
const dataset = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() !== '')
    dataset.push(JSON.parse(line));
}

// Format error checks
const formatErrors = {};
const bump = (key) => { formatErrors[key] = (formatErrors[key] ?? 0) + 1; };
const isDict = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const valid = [];
for (const ex of dataset) {
  let before = Object.values(formatErrors).reduce((a, b) => a + b, 0);
  if (!isDict(ex)) {
    bump('data_type');
    continue;
  }
  const messages = ex.messages;
  if (!messages || messages.length === 0) {
    bump('missing_messages_list');
    continue;
  }
  for (const message of messages) {
    if (!('role' in message) || !('content' in message))
      bump('message_missing_key');
    if (Object.keys(message).some((k) => !['role', 'content', 'name', 'function_call', 'weight'].includes(k)))
      bump('message_unrecognized_key');
    if (!['system', 'user', 'assistant', 'function'].includes(message.role))
      bump('unrecognized_role');
    const content = message.content;
    const functionCall = message.function_call;
    if ((!content && !functionCall) || typeof content !== 'string')
      bump('missing_content');
  }
  if (!messages.some((m) => m.role === 'assistant'))
    bump('example_missing_assistant_message');
  if (Object.values(formatErrors).reduce((a, b) => a + b, 0) === before)
    valid.push(ex);
}

// Token counting (num_tokens_from_messages, num_assistant_tokens_from_messages)
function numTokensFromMessages (messages, tokensPerMessage = 3, tokensPerName = 1) {
  let n = 0;
  for (const message of messages) {
    n += tokensPerMessage;
    for (const [key, value] of Object.entries(message)) {
      n += encoding.encode_ordinary(value).length;
      if (key === 'name')
        n += tokensPerName;
    }
  }
  return n + 3;
}
function numAssistantTokensFromMessages (messages) {
  let n = 0;
  for (const message of messages)
    if (message.role === 'assistant')
      n += encoding.encode_ordinary(message.content).length;
  return n;
}

let nMissingSystem = 0, nMissingUser = 0;
const convoLens = [], assistantLens = [];
for (const ex of valid) {
  const messages = ex.messages;
  if (!messages.some((m) => m.role === 'system'))
    nMissingSystem++;
  if (!messages.some((m) => m.role === 'user'))
    nMissingUser++;
  convoLens.push(numTokensFromMessages(messages));
  assistantLens.push(numAssistantTokensFromMessages(messages));
}

// numpy's default (linear) quantile
function quantile (sorted, q) {
  if (sorted.length === 0)
    return null;
  const h = (sorted.length - 1) * q, lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}
const sorted = Float64Array.from(convoLens).sort();
const total = convoLens.reduce((a, b) => a + b, 0);
const MAX_TOKENS_PER_EXAMPLE = 16385;
const billing = convoLens.reduce((a, l) => a + Math.min(MAX_TOKENS_PER_EXAMPLE, l), 0);
encoding.free();

process.stdout.write(JSON.stringify({
  examples: dataset.length,
  valid_examples: valid.length,
  errors: formatErrors,
  missing_system: nMissingSystem,
  missing_user: nMissingUser,
  stats: {
    total_tokens: total,
    assistant_tokens: assistantLens.reduce((a, b) => a + b, 0),
    min_tokens: sorted.length ? sorted[0] : null,
    max_tokens: sorted.length ? sorted[sorted.length - 1] : null,
    mean_tokens: sorted.length ? total / sorted.length : null,
    median_tokens: quantile(sorted, 0.5),
    p10_tokens: quantile(sorted, 0.1),
    p90_tokens: quantile(sorted, 0.9),
    over_limit: convoLens.filter((l) => l > MAX_TOKENS_PER_EXAMPLE).length,
  },
  billing_tokens: billing,
}) + '\n');

#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Converts tiktoken@1.0.22's rank tables (encoders/<name>.json: pat_str, special_tokens,
// bpe_ranks) into the compact binary files under data/tokenizers/ that
// src/core/vs-tokenizer.c loads. Run: build-aux/gen-tokenizer-data.mjs  (after
// build-aux/tokenizer-npm-deps.sh). The format (all integers little-endian):
//
//   "VSTOKEN1"                       8 bytes magic
//   u32 n_ranks                      tokens 0 … n_ranks-1, no gaps
//   u32 n_special
//   u32 blob_size                    sum of all token lengths
//   u32 pattern                      1 = cl100k_base pat_str, 2 = o200k_base pat_str
//   u8  lengths[n_ranks]             byte length of each token (1 … 255)
//   n_special × { u32 id, u8 len, len bytes }
//   u8  blob[blob_size]              the tokens' bytes, in rank order
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mods = execFileSync(join(root, 'build-aux', 'tokenizer-npm-deps.sh')).toString().trim();
const require = createRequire(join(mods, 'x.js'));

const PATTERNS = {
  1: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  2: "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
};
const ENCODINGS = { cl100k_base: 1, o200k_base: 2 };

for (const [name, pattern] of Object.entries(ENCODINGS)) {
  const j = require(`tiktoken/encoders/${name}.json`);
  if (j.pat_str !== PATTERNS[pattern])
    throw new Error(`${name}: pat_str changed; the hand-written pre-tokenizer must be updated`);

  const ranks = new Map();
  for (const line of j.bpe_ranks.split('\n').filter(Boolean)) {
    const [, offsetStr, ...tokens] = line.split(' ');
    const offset = Number.parseInt(offsetStr, 10);
    tokens.forEach((t, i) => ranks.set(offset + i, Buffer.from(t, 'base64')));
  }
  const n = ranks.size;
  for (let r = 0; r < n; r++) {
    const b = ranks.get(r);
    if (!b || b.length === 0 || b.length > 255)
      throw new Error(`${name}: rank ${r} missing or too long`);
  }
  const specials = Object.entries(j.special_tokens).sort((a, b) => a[1] - b[1]);
  const blob = Buffer.concat([...Array(n).keys()].map((r) => ranks.get(r)));
  const header = Buffer.alloc(24);
  header.write('VSTOKEN1', 0, 'latin1');
  header.writeUInt32LE(n, 8);
  header.writeUInt32LE(specials.length, 12);
  header.writeUInt32LE(blob.length, 16);
  header.writeUInt32LE(pattern, 20);
  const lengths = Buffer.from([...Array(n).keys()].map((r) => ranks.get(r).length));
  const sp = specials.map(([s, id]) => {
    const bytes = Buffer.from(s, 'utf8');
    const b = Buffer.alloc(5);
    b.writeUInt32LE(id, 0);
    b.writeUInt8(bytes.length, 4);
    return Buffer.concat([b, bytes]);
  });
  const out = Buffer.concat([header, lengths, ...sp, blob]);
  const path = join(root, 'data', 'tokenizers', `${name}.vstok`);
  writeFileSync(path, out);
  console.log(`${path}: ${n} ranks, ${specials.length} special, ${out.length} bytes`);
}

#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The anchors of bench/bench-tokenizer: generates the deterministic 50 MB mixed corpus
// (English prose, code, JSON, CJK, emoji) as documents, then encodes every document with npm
// tiktoken@1.0.22 (WebAssembly build of OpenAI's Rust tokenizer) and js-tiktoken (pure JS),
// once per encoding, on one core. Writes into OUTDIR:
//   corpus.bin               the documents, concatenated (UTF-8)
//   corpus.idx               u32 LE byte length of each document
//   <enc>.tiktoken.ids       u32 LE: for each document its id count, then its ids
//   anchors.json             MB/s of each anchor, and whether js-tiktoken agreed
// Usage: node bench-tokenizer-anchor.mjs NODE_MODULES OUTDIR [MEGABYTES]
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [mods, outDir, mbArg] = process.argv.slice(2);
const require = createRequire(join(mods, 'x.js'));
const MB = Number(mbArg ?? 50);
mkdirSync(outDir, { recursive: true });

function rng (seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = rng(20260501);
const pick = (a) => a[Math.floor(r() * a.length)];
const int = (n) => Math.floor(r() * n);

const WORDS = ('the of and to in is was that for it with as on be at by this had not are but from or have ' +
  'an they which one you were her all she there would their we him been has when who will more no if out ' +
  'so said what up its about into than them can only other new some could time these two may then do first ' +
  'any my now such like our over man me even most made after also did many before must through back years ' +
  'where much your way well down should because each just those people how too little state good very make ' +
  'world still own see men work long get here between both life being under never day same another know ' +
  'while last might us great old year off come since against go came right used take three model dataset ' +
  'training evaluation prompt response token fine-tuned baseline accuracy latency temperature assistant ' +
  'system user example validation split epoch learning rate batch gradient inference benchmark quality ' +
  'customer invoice shipping refund order account password support ticket billing subscription')
  .split(' ');
const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Mallory', 'Paris', 'London', 'Tokyo', 'OpenAI',
  'GNOME', 'Linux', 'JSON', 'HTTP', 'API', 'GPU', 'McDonald', "O'Neil", 'São Paulo', 'Zürich'];
const CONTR = ["don't", "it's", "I'm", "we've", "they'll", "he'd", "you're", "can't", "WON'T", "SHE'S"];

function sentence () {
  const n = 5 + int(20);
  const w = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.06) w.push(pick(NAMES));
    else if (x < 0.1) w.push(pick(CONTR));
    else if (x < 0.13) w.push(String(int(x < 0.115 ? 100 : 100000)));
    else w.push(pick(WORDS));
  }
  let s = w.join(' ');
  s = s[0].toUpperCase() + s.slice(1);
  if (r() < 0.2) s = s.replace(' ', ', ');
  return s + pick(['.', '.', '.', '?', '!', ':', ';']);
}
function prose () {
  const paras = [];
  for (let p = 0, np = 1 + int(6); p < np; p++) {
    const ss = [];
    for (let i = 0, ns = 2 + int(8); i < ns; i++) ss.push(sentence());
    paras.push(ss.join(' '));
  }
  return paras.join(r() < 0.5 ? '\n\n' : '\n');
}
const ident = () => pick(['count', 'buffer', 'items', 'result', 'tokenizer', 'user_id', 'maxLen',
  'HTTPClient', 'parse_json', 'value', 'i', 'j', 'self', 'ctx', 'error']) + (r() < 0.3 ? int(10) : '');
function code () {
  const lines = [];
  const lang = int(3);
  for (let i = 0, n = 10 + int(60); i < n; i++) {
    const ind = ' '.repeat(2 * int(4));
    const a = ident(), b = ident();
    if (lang === 0)
      lines.push(ind + pick([`if (${a} < ${b}) {`, `${a} = ${b} + ${int(1000)};`, `}`,
        `for (gsize ${a} = 0; ${a} < ${b}->len; ${a}++)`, `g_autoptr(GError) ${a} = NULL;`,
        `return ${a} != NULL ? ${b} : -1;`, `/* ${sentence()} */`, `printf ("%s: %d\\n", ${a}, ${b});`]));
    else if (lang === 1)
      lines.push(ind + pick([`def ${a}(${b}, *args, **kwargs):`, `${a} = [x * 2 for x in ${b}]`,
        `return {"${a}": ${b}, "n": ${int(100)}}`, `# ${sentence()}`, `if ${a} is None:`,
        `raise ValueError(f"bad ${a}: {${b}!r}")`, `with open("${a}.txt") as f:`]));
    else
      lines.push(ind + pick([`const ${a} = await fetch(\`/api/${b}?id=\${${a}}\`);`,
        `export function ${a}(${b}) {`, `}`, `// ${sentence()}`, `${a}.map((x) => x.${b} ?? 0);`,
        `let ${a} = { ${b}: [${int(9)}, ${int(99)}, ${int(999)}] };`]));
  }
  return lines.join('\n') + '\n';
}
function jsonDoc () {
  const recs = [];
  for (let i = 0, n = 1 + int(20); i < n; i++) {
    recs.push(JSON.stringify({
      messages: [
        { role: 'system', content: sentence() },
        { role: 'user', content: sentence() + ' ' + sentence() },
        { role: 'assistant', content: prose().slice(0, 300) },
      ],
      id: `rec_${int(1e9).toString(16)}`, score: Math.round(r() * 1000) / 100, tags: [pick(WORDS), pick(WORDS)],
      ok: r() < 0.5, meta: null,
    }, null, r() < 0.3 ? 2 : 0));
  }
  return recs.join('\n') + '\n';
}
const CJK_PUNCT = ['。', '、', '！', '？', '「', '」', '，', '：'];
function cjk () {
  const out = [];
  for (let i = 0, n = 50 + int(600); i < n; i++) {
    const x = r();
    if (x < 0.08) out.push(pick(CJK_PUNCT));
    else if (x < 0.5) out.push(String.fromCodePoint(0x4E00 + int(3000))); // common hanzi
    else if (x < 0.7) out.push(String.fromCodePoint(0x3041 + int(83)));  // hiragana
    else if (x < 0.8) out.push(String.fromCodePoint(0x30A1 + int(90)));  // katakana
    else if (x < 0.95) out.push(String.fromCodePoint(0xAC00 + int(2000))); // hangul
    else out.push(r() < 0.5 ? ' ' : '\n');
  }
  return out.join('');
}
const EMOJI = ['😀', '😂', '🥲', '❤️', '👍', '👍🏽', '🎉', '🔥', '🚀', '✨', '🙏', '👨‍👩‍👧‍👦', '🏳️‍🌈',
  '🧑🏽‍💻', '🇯🇵', '🤖', '😅', '💯', '✅', '❌'];
function emoji () {
  const out = [];
  for (let i = 0, n = 5 + int(40); i < n; i++) {
    const x = r();
    if (x < 0.4) out.push(pick(EMOJI).repeat(1 + int(3)));
    else out.push(pick(WORDS));
    out.push(r() < 0.1 ? '\n' : ' ');
  }
  return out.join('');
}

function makeCorpus () {
  const target = MB * 1024 * 1024;
  const docs = [];
  let size = 0;
  while (size < target) {
    const x = r();
    let parts = [];
    const kind = x < 0.4 ? prose : x < 0.6 ? code : x < 0.8 ? jsonDoc : x < 0.92 ? cjk : emoji;
    // a document is 1 – 64 KB of one kind, sometimes mixed with another
    const want = 1024 + int(63 * 1024);
    let len = 0;
    while (len < want) {
      const piece = (r() < 0.85 ? kind : pick([prose, code, jsonDoc, cjk, emoji]))();
      parts.push(piece);
      len += Buffer.byteLength(piece);
    }
    const doc = Buffer.from(parts.join('\n'), 'utf8');
    docs.push(doc);
    size += doc.length;
  }
  const idx = Buffer.alloc(docs.length * 4);
  docs.forEach((d, i) => idx.writeUInt32LE(d.length, i * 4));
  writeFileSync(join(outDir, 'corpus.bin'), Buffer.concat(docs));
  writeFileSync(join(outDir, 'corpus.idx'), idx);
}

const corpusPath = join(outDir, 'corpus.bin');
if (!existsSync(corpusPath) || !existsSync(join(outDir, 'corpus.idx'))
    || readFileSync(corpusPath).length < MB * 1024 * 1024) {
  makeCorpus();
}
const corpus = readFileSync(corpusPath);
const idx = readFileSync(join(outDir, 'corpus.idx'));
const docs = [];
for (let i = 0, off = 0; i < idx.length / 4; i++) {
  const n = idx.readUInt32LE(i * 4);
  docs.push(corpus.subarray(off, off + n).toString('utf8'));
  off += n;
}
const totalMB = corpus.length / 1e6;
console.error(`corpus: ${docs.length} documents, ${totalMB.toFixed(1)} MB`);

const { get_encoding } = require('tiktoken');
// CPU time of the process (user + system) in seconds: the machine is shared, and wall-clock
// time would count other processes' turns on the core. The C side measures CPU time too.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const { getEncoding } = require('js-tiktoken');
const results = { corpus_bytes: corpus.length, documents: docs.length, anchors: {} };

for (const name of ['o200k_base', 'cl100k_base']) {
  // tiktoken (WASM): warm up, then time every document; keep the ids for the comparison.
  const enc = get_encoding(name);
  enc.encode_ordinary(docs[0]);
  const ids = [];
  // best of three passes (the machine is shared); the ids come from the first
  let tWasm = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = cpu();
    for (const d of docs) {
      const a = enc.encode_ordinary(d);
      if (pass === 0)
        ids.push(a);
    }
    tWasm = Math.min(tWasm, cpu() - t0);
  }
  let nIds = 0;
  for (const a of ids) nIds += a.length;
  const out = Buffer.alloc((docs.length + nIds) * 4);
  let o = 0;
  for (const a of ids) {
    out.writeUInt32LE(a.length, o); o += 4;
    for (let k = 0; k < a.length; k++) { out.writeUInt32LE(a[k], o); o += 4; }
  }
  writeFileSync(join(outDir, `${name}.tiktoken.ids`), out);
  enc.free();

  // js-tiktoken (pure JS)
  const js = getEncoding(name);
  js.encode(docs[0], [], []); // special-token strings as ordinary text, like encode_ordinary
  let jsMismatch = -1;
  const jsIds = [];
  // one pass: js-tiktoken is slow, and only the ratio to tiktoken is the goal
  const t1 = cpu();
  for (const d of docs)
    jsIds.push(js.encode(d, [], []));
  const tJs = cpu() - t1;
  for (let i = 0; i < docs.length && jsMismatch < 0; i++) {
    const a = ids[i], b = jsIds[i];
    if (a.length !== b.length || a.some((v, k) => v !== b[k]))
      jsMismatch = i;
  }
  results.anchors[name] = {
    tokens: nIds,
    tiktoken_seconds: tWasm, tiktoken_mb_s: totalMB / tWasm,
    js_tiktoken_seconds: tJs, js_tiktoken_mb_s: totalMB / tJs,
    js_tiktoken_first_mismatch_document: jsMismatch,
  };
  console.error(`${name}: tiktoken ${(totalMB / tWasm).toFixed(2)} MB/s, ` +
                `js-tiktoken ${(totalMB / tJs).toFixed(2)} MB/s, ${nIds} tokens`);
}
writeFileSync(join(outDir, 'anchors.json'), JSON.stringify(results, null, 2) + '\n');

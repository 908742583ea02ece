#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Generates the tokenizer test fixtures from tiktoken@1.0.22 itself (the WebAssembly build of
// OpenAI's Rust tokenizer), so tests/test-tokenizer.c compares our ids with the reference:
//   tests/fixtures/tokenizer/texts.json     ≥150 hand-picked texts (all scripts, emoji, ZWJ,
//                                           marks, digits, whitespace, CRLF, code, JSON, …)
//   tests/fixtures/tokenizer/unicode.json.gz every assigned Unicode 16 code point in runs with
//                                           letters, digits and contractions around them
// Run: node build-aux/gen-tokenizer-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mods = execFileSync(join(root, 'build-aux', 'tokenizer-npm-deps.sh')).toString().trim();
const require = createRequire(join(mods, 'x.js'));
const { get_encoding } = require('tiktoken');
const outDir = join(root, 'tests', 'fixtures', 'tokenizer');
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const enc = Object.fromEntries(ENCODINGS.map((e) => [e, get_encoding(e)]));
const ids = (text) => Object.fromEntries(ENCODINGS.map((e) => [e, Array.from(enc[e].encode_ordinary(text))]));

// Deterministic pseudo-random numbers (mulberry32).
function rng (seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const texts = [];
const add = (name, text) => texts.push({ name, text });

add('empty', '');
add('single-space', ' ');
add('single-letter', 'a');
add('hello', 'Hello, world!');
add('english-prose', 'The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times.');
add('english-paragraphs', 'First paragraph here.\n\nSecond paragraph, with a list:\n- one\n- two\n\n\nThird.');
add('newline-only', '\n');
add('newlines', '\n\n\n\n');
add('crlf', 'line one\r\nline two\r\n\r\nline four\r\n');
add('cr-only', 'a\rb\r\rc\r');
add('mixed-newlines', 'a\n\r\nb\r\n\nc \n d\t\n\te');
add('spaces-2', 'a  b');
add('spaces-many', 'a          b');
add('spaces-trailing', 'trailing spaces   ');
add('spaces-leading', '    leading');
add('spaces-only', '        ');
add('tabs', '\tindented\t\ttabs\t');
add('tab-space-mix', ' \t \t x \t ');
add('ws-newline-mix', 'x  \n  \n\t y');
add('ws-before-newline-end', 'end   \n   ');
add('unicode-spaces', 'a\u00a0b\u2003c\u3000d\u2028e\u2029f\u0085g\u1680h\u202fi\u205fj');
add('nbsp-words', 'ten\u00a0thousand\u00a0feet');
add('vertical-tab-ff', 'a\u000bb\u000cc\u001cd\u001fe');
add('digits-1', '7');
add('digits-3', '123');
add('digits-4', '1234');
add('digits-10', '1234567890');
add('digits-long', '31415926535897932384626433832795028841971693993751');
add('numbers-mixed', 'In 2024, 3.14159 and 1,000,000 and 0x1F and 1e-10 and -42.');
add('unicode-digits', 'Arabic ٠١٢٣٤٥٦٧٨٩ Devanagari ०१२३४ fullwidth １２３４ roman ⅫⅣ fractions ½¾ superscript ²³');
add('phone', 'Call +1 (555) 123-4567 or 555.987.6543');
add('dates', '2024-05-13T12:34:56Z, 13/05/2024, May 13th');
add('contractions-lower', "I'm sure you're right, we've been told it's what they'll do and he'd agree, don't you?");
add('contractions-upper', "I'M SURE YOU'RE RIGHT, WE'VE BEEN TOLD IT'S WHAT THEY'LL DO AND HE'D AGREE, DON'T YOU?");
add('contractions-mixed', "I'M you'Re We'vE It'S they'Ll He'D don'T 'S 'sS 'LL'll");
add('contractions-standalone', "'s 't 're 've 'm 'll 'd 'x '");
add('contractions-after-digits', "1990's 80's 3'rd x'y");
add('contractions-long-s', "it\u017f that'\u017f and '\u017f");
add('contractions-unicode-quote', 'it\u2019s don\u2019t you\u2019re');
add('apostrophes', "''' 'quoted' \"double\" `back`");
add('possessive-caps', "JOHN'S McDONALD'S O'Neil's L'Oréal");
add('camel-case', 'camelCaseIdentifier PascalCaseName HTTPServerError getHTTPResponseCode XMLHttpRequest');
add('snake-case', 'snake_case_name SCREAMING_SNAKE __dunder__ _private');
add('all-caps', 'THIS IS ALL CAPS TEXT WITH NUMBERS 123 AND SYMBOLS!!!');
add('title-case', 'The Lord Of The Rings: The Return Of The King');
add('titlecase-letters', 'ǅemal ǈubljana ǋ ǲ ᾈᾉ');
add('punctuation', '!!! ??? ... ,,, ;;; ::: --- ___ *** ### @@@ $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}}');
add('punct-newlines', 'end.\n\nnext!\r\n/path//\n/');
add('slashes', 'a/b//c///d http://example.com/path/to/file.txt?query=1&x=2#frag');
add('punct-space-run', ' ... !? ;\n\n');
add('emoji-basic', 'I ❤️ emoji 😀😃😄😁 🎉🎊 👍🏽 👎🏿');
add('emoji-zwj', 'family 👨‍👩‍👧‍👦 couple 👩‍❤️‍👨 technologist 🧑🏽‍💻 rainbow flag 🏳️‍🌈 pirate 🏴‍☠️');
add('emoji-flags', '🇺🇸🇬🇧🇫🇷🇩🇪🇯🇵🇨🇳 🏴󠁧󠁢󠁳󠁣󠁴󠁿');
add('emoji-keycaps', '1️⃣ 2️⃣ #️⃣ *️⃣');
add('emoji-only', '🤖🤖🤖🤖🤖🤖🤖🤖🤖🤖');
add('emoji-words', 'great😀job🎉done');
add('variation-selectors', '☺︎ ☺️ ✈︎ ✈️ 葛󠄀 葛󠄁');
add('combining-marks', 'e\u0301 a\u0300\u0316 n\u0303 Zalgo: Z\u0351\u036b\u0343a\u0360l\u035fg\u0322o\u0336');
add('combining-only', '\u0301\u0302\u0303 \u0301x');
add('combining-after-space', ' \u0301 \u0301\u0301 a \u0308b');
add('precomposed-vs-decomposed', 'café cafe\u0301 Ångström A\u030angstro\u0308m');
add('latin-extended', 'Łódź Žluťoučký kůň Straße ĳssel Œuvre ƒ ǆ ȸ ɐɑɒ');
add('french', "L'été dernier, nous sommes allés à la plage. C'est très agréable, n'est-ce pas?");
add('german', 'Die Größe der Übersetzung hängt von Straßennamen ab. ÄÖÜ äöü ß ẞ');
add('spanish', '¿Dónde está la biblioteca? ¡Qué sorpresa! El niño comió piña.');
add('portuguese', 'Não há ação sem reação. Coração, informação, pão.');
add('polish', 'Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.');
add('turkish', 'İstanbul ıslak ığdır Iİıi şçğüö');
add('vietnamese', 'Tiếng Việt có dấu: Người ta nói rằng mọi thứ đều ổn.');
add('greek', 'Ελληνικά: Η γρήγορη καφέ αλεπού πηδά πάνω από το τεμπέλικο σκυλί. ΑΒΓΔ άέήί');
add('cyrillic', 'Съешь же ещё этих мягких французских булок, да выпей чаю. ПРИВЕТ Мир');
add('ukrainian', 'Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!');
add('armenian', 'Հայերեն լեզու Երևան');
add('georgian', 'ქართული ენა თბილისი Ა Ბ Გ ᲐᲑᲒ');
add('hebrew', 'שלום עולם! עִבְרִית עם ניקוד.');
add('arabic', 'مرحبا بالعالم. اللُّغَةُ العَرَبِيَّةُ جميلة، أليس كذلك؟');
add('persian', 'سلام دنیا. زبان فارسی‌ زیباست.');
add('urdu', 'اردو زبان بہت خوبصورت ہے۔');
add('syriac', 'ܠܫܢܐ ܣܘܪܝܝܐ');
add('thaana', 'ދިވެހިބަސް');
add('devanagari', 'हिन्दी भाषा बहुत सुंदर है। नमस्ते दुनिया!');
add('bengali', 'বাংলা ভাষা খুব সুন্দর। আমি তোমাকে ভালোবাসি।');
add('gurmukhi', 'ਪੰਜਾਬੀ ਭਾਸ਼ਾ');
add('gujarati', 'ગુજરાતી ભાષા');
add('oriya', 'ଓଡ଼ିଆ ଭାଷା');
add('tamil', 'தமிழ் மொழி மிகவும் அழகானது.');
add('telugu', 'తెలుగు భాష చాలా అందమైనది.');
add('kannada', 'ಕನ್ನಡ ಭಾಷೆ');
add('malayalam', 'മലയാളം ഭാഷ വളരെ മനോഹരമാണ്.');
add('sinhala', 'සිංහල භාෂාව');
add('thai', 'ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ สวัสดีครับ');
add('lao', 'ພາສາລາວ ສະບາຍດີ');
add('tibetan', 'བོད་ཡིག་ བཀྲ་ཤིས་བདེ་ལེགས།');
add('myanmar', 'မြန်မာဘာသာ မင်္ဂလာပါ');
add('khmer', 'ភាសាខ្មែរ សួស្តី');
add('mongolian', 'ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ Монгол хэл');
add('ethiopic', 'አማርኛ ቋንቋ ሰላም ለዓለም');
add('cherokee', 'ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ꭰꭱꭲ');
add('canadian-syllabics', 'ᐃᓄᒃᑎᑐᑦ ᓀᐦᐃᔭᐍᐏᐣ');
add('runic-ogham', 'ᚠᚢᚦᚨᚱᚲ ᚛ᚑᚌᚐᚋ᚜');
add('chinese-simplified', '中文是世界上使用人数最多的语言之一。你好，世界！');
add('chinese-traditional', '繁體中文與簡體中文的差異在於字形。臺灣、香港。');
add('japanese', '日本語のテキストです。ひらがな、カタカナ、漢字が混在します。ｶﾀｶﾅ半角');
add('korean', '한국어 텍스트입니다. 안녕하세요, 세계! ㄱㄴㄷ ㅏㅑ');
add('cjk-ext', '𠀀𠀁𪜀𫝀𬺰𰀀 㐀㐁 〇〆々〻');
add('cjk-punct', '「こんにちは」『世界』【テスト】・〜！？。、');
add('fullwidth', 'ＡＢＣ ａｂｃ １２３ ！＂＃');
add('math-symbols', '∀x∈ℝ: x² ≥ 0 ⇒ √(x²) = |x|; ∑ᵢ aᵢ ≤ ∫₀^∞ f(t)dt ≈ π·∞ ≠ ∅');
add('math-alnum', '𝐀𝐁𝐂 𝑎𝑏𝑐 𝔄𝔅 𝕏𝕐 𝟎𝟏𝟐 ℎ ℏ');
add('currency', '$100 €200 £300 ¥400 ₹500 ₿0.001 ₽ ₩ ₪ ¢');
add('arrows-box', '→ ← ↑ ↓ ↔ ⇒ ⇐ ┌─┐│└┘ ░▒▓█');
add('modifier-letters', 'ʰʲʷ ˈˌ ˡ ꜝꜞ ᵃᵇᶜ ʻokina Hawaiʻi');
add('other-letters', 'ª º ƻ ǀǁǂǃ ʔ ˀ');
add('unicode16-letters', 'Garay 𐵊𐵋𐵌 Ᲊᲊ Todhri 𐗀𐗁 Sunuwar 𑯀𑯁 Kirat 𖵀𖵁 Ol Onal 𞗐𞗑');
add('unicode16-digits', '𑯰𑯱𑯲 𖵰𖵱 𞗱𞗲 𜳰𜳱𜳲');
add('unassigned', '\u0378\u0379 \u{10d4a}x \u{2fffd} \u{e0080} \u{fffe}');
add('private-use', '\ue000\ue001 \u{f0000} \u{10fffd} x\ue000y');
add('controls', '\u0000\u0001\u0002 \u007f \u0080\u0081\u009f');
add('bom-zw', '\ufeffBOM zero\u200bwidth\u200cnon\u200djoiner\u2060word');
add('bidi-marks', 'abc\u200eדף\u200fxyz \u202aLRE\u202c \u2066isolate\u2069');
add('soft-hyphen', 'hyph\u00adenation');
add('surrogate-range-neighbours', '\ud7ff\ue000 \uffef\ufffd');
add('replacement-char', '\ufffd\ufffd bad \ufffd');
add('special-token-text', 'Hello <|endoftext|> world <|endofprompt|> <|fim_prefix|><|fim_middle|><|fim_suffix|>');
add('special-like', '<|not_special|> <|endoftext <endoftext|> <||>');
add('c-code', '#include <stdio.h>\n\nint\nmain (int argc, char **argv)\n{\n  for (int i = 0; i < argc; i++)\n    printf ("%s\\n", argv[i]);\n  return 0;\n}\n');
add('python-code', 'def fib(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\n\nprint([fib(i) for i in range(10)])\n');
add('js-code', 'const x = async (a, b) => {\n\tawait fetch(`/api/${a}?b=${b}`);\n\treturn a ?? b;\n};\n// comment\n/* block */\n');
add('rust-code', 'fn main() {\n    let v: Vec<u32> = (0..10).map(|x| x * x).collect();\n    println!("{:?}", v);\n}\n');
add('html', '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Test</title></head>\n<body><p class="x">Hi &amp; bye</p></body>\n</html>\n');
add('css', '.btn:hover { color: #ff0000; margin: 0 auto; }\n@media (max-width: 600px) { .x { display: none } }');
add('sql', "SELECT id, name FROM users WHERE email LIKE '%@example.com' AND created_at > NOW() - INTERVAL '7 days';");
add('shell', '#!/bin/sh\nset -eu\nfor f in *.txt; do\n  grep -q "foo" "$f" && echo "$f" >> out.log\ndone\n');
add('json-small', '{"role": "user", "content": "Hello!"}');
add('json-nested', '{\n  "messages": [\n    {"role": "system", "content": "You are helpful."},\n    {"role": "user", "content": "What is 2+2?", "name": "alice"}\n  ],\n  "n": 1,\n  "temperature": 0.7,\n  "stop": null\n}');
add('json-escapes', '{"text": "line\\nbreak \\"quoted\\" \\u00e9 \\ud83d\\ude00", "path": "C:\\\\Users\\\\x"}');
add('jsonl', '{"a":1}\n{"a":2}\n{"a":3}\n');
add('csv', 'id,name,score\n1,"Smith, John",3.5\n2,Jane,4\r\n');
add('markdown', '# Title\n\n**bold** _italic_ `code` [link](http://x.y)\n\n```python\nprint(1)\n```\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
add('latex', '\\begin{equation} E = mc^2 \\quad \\frac{a}{b} \\end{equation}');
add('url-email', 'Contact me at john.doe+tag@example.co.uk or visit https://sub.example.org:8080/a/b?c=d.');
add('base64', 'SGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IGVuY29kZWQgdGV4dC4=');
add('hex', 'deadbeef 0xDEADBEEF cafebabe 0123456789abcdef');
add('uuid', '123e4567-e89b-12d3-a456-426614174000');
add('long-word', 'a'.repeat(1000));
add('long-word-mixed', 'supercalifragilisticexpialidocious'.repeat(30));
add('long-upper', 'ABCDEFGHIJ'.repeat(100));
add('long-digits', '9'.repeat(1001));
add('long-spaces', ' '.repeat(1000));
add('long-spaces-then-word', ' '.repeat(500) + 'word');
add('long-newlines', '\n'.repeat(500));
add('long-punct', '!@#$%^&*()'.repeat(100));
add('long-cjk', '漢字'.repeat(300));
add('long-emoji', '😀'.repeat(300));
add('long-mixed-token', 'ab1!'.repeat(250));
add('long-marks', 'a' + '\u0301'.repeat(500));
add('repeated-pair', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
add('upper-lower-boundaries', 'ABCdef ABC DEF aBC AbC abcDEF ÀÉÎõü ΑΒΓδεζ АБВгде');
add('letters-digits', 'abc123def456 A1B2C3 x86_64 utf8 i18n l10n');
add('letters-marks-mix', 'ka\u0301\u0302b K\u0301A\u0302B \u0301ABC \u0301abc');
add('lm-lo-case', 'ʰA ʰa Aʰ aʰ 中A A中 a中 ʰ中');
add('prefix-chars', '!hello ?World .x ,Y "quoted" (paren) [bracket] -dash');
add('prefix-newline', '\nhello\rWorld\r\nfoo');
add('space-punct', ' ! ? . , ;');
add('space-number', ' 1 22 333 4444');
add('space-emoji', ' 😀 👍🏽');
add('newline-after-punct', '.\n\n,\r\n;\n/\n');
add('whitespace-before-punct', 'a \t!b');
add('lone-marks-between', 'x\u0301\u0301 \u0301\u0301 \u0301');
add('enclosing-marks', 'a\u20dd b\u20de 1\u20e3');
add('number-letter-mix', 'ⅰⅱⅲ Ⅻ 〡〢 ⓵⓶ ①②③');
add('superscripts', 'x² y³ z⁴ H₂O');
add('hangul-jamo', '각 가각 ㄱㅏㄱ');
add('kana-ext', 'ゟ ヿ ㇰㇱ 𛀀𛀁');
add('ideographic-space', '全角\u3000スペース\u3000\u3000です');
add('line-separators', 'a\u2028b\u2029c\u2028\u2029d');
add('nel', 'line\u0085next\u0085\u0085');
add('dialogue', '"Well," she said, "I\'m not sure." He replied: \'Don\'t worry!\'');
add('legal', 'Section 3(a)(ii): The Licensee shall, within thirty (30) days, pay US$1,250.00.');
add('chat-transcript', 'User: What\'s the capital of France?\nAssistant: The capital of France is Paris.\nUser: Thanks!\n');
add('prompt-template', 'You are {{role}}. Answer in {{language}}.\n\n{{#each examples}}Q: {{q}}\nA: {{a}}\n{{/each}}');
add('yaml', 'key: value\nlist:\n  - a\n  - b\nnested:\n  x: 1\n  y: "two"\n');
add('diff', '--- a/file\n+++ b/file\n@@ -1,3 +1,3 @@\n-old line\n+new line\n context\n');
add('stack-trace', 'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    1/0\nZeroDivisionError: division by zero');
add('log-line', '2024-05-13 12:34:56,789 [INFO] server.py:42 - Started in 0.123s (pid=4242)');
// Deterministic random mixes of characters from many classes.
{
  const pool = ['a', 'b', 'Z', 'Q', 'é', 'É', 'ß', 'ǅ', 'ʰ', '中', 'ア', '한', '\u0301', '\u20dd',
    '1', '٣', '½', 'Ⅻ', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u3000', "'", "'s", "'LL",
    "'ve", '!', '.', '/', '\\', '"', '<', '|', '😀', '👍🏽', '‍', '\u{10d4a}', '\u{1c89}', '\ue000',
    '\u0000', 'the', 'The', 'THE', 'don\'t', '123', '4567', ' -'];
  const r = rng(42);
  for (let k = 0; k < 60; k++) {
    let s = '';
    const len = 5 + Math.floor(r() * 60);
    for (let i = 0; i < len; i++)
      s += pool[Math.floor(r() * pool.length)];
    add(`random-mix-${k}`, s);
  }
}

// b64 holds the exact UTF-8 bytes (JSON parsers in C stop strings at U+0000).
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const fixtures = texts.map(({ name, text }) => ({ name, text, b64: b64(text), ...ids(text) }));
writeFileSync(join(outDir, 'texts.json'), JSON.stringify({
  generator: 'build-aux/gen-tokenizer-fixtures.mjs', reference: 'tiktoken@1.0.22 encode_ordinary',
  fixtures }, null, 0).replace(/\},\{"name"/g, '},\n{"name"') + '\n');
console.log(`texts.json: ${fixtures.length} texts`);

// Every assigned Unicode 16 code point (general category not Cn, not Cs), in chunks. Each code
// point appears between contexts that expose its class: a lowercase and an uppercase letter,
// a digit, a space, a contraction, punctuation and itself repeated.
const ucd = join(mods, '@unicode', 'unicode-16.0.0');
const unassigned = (await import(pathToFileURL(join(ucd, 'General_Category', 'Unassigned', 'ranges.mjs')).href)).default;
const surrogates = (await import(pathToFileURL(join(ucd, 'General_Category', 'Surrogate', 'ranges.mjs')).href)).default;
const excluded = new Uint8Array(0x110000);
for (const r of [...unassigned, ...surrogates])
  for (let c = r.begin; c < r.end; c++)
    excluded[c] = 1;
const assigned = [];
for (let c = 0; c < 0x110000; c++)
  if (!excluded[c])
    assigned.push(c);
const contexts = [
  (c) => `a${c}b`, (c) => `A${c}B`, (c) => `${c}${c}x`, (c) => ` ${c}'s`, (c) => `1${c}2`,
  (c) => `${c}'LL `, (c) => `!${c}?`, (c) => `x ${c}\n`, (c) => `${c}Ab`, (c) => `aB${c}`,
];
const chunks = [];
const PER_CHUNK = 256;
for (let i = 0; i < assigned.length; i += PER_CHUNK) {
  const cps = assigned.slice(i, i + PER_CHUNK);
  const text = cps.map((cp, k) => contexts[(k + i / PER_CHUNK) % contexts.length](String.fromCodePoint(cp))).join('');
  // ids as base64 of little-endian u32s: the file stays small and quick to parse
  const packed = Object.fromEntries(Object.entries(ids(text)).map(([e, a]) =>
    [e, Buffer.from(new Uint32Array(a).buffer).toString('base64')]));
  chunks.push({ first: cps[0], last: cps[cps.length - 1], b64: b64(text), ...packed });
}
const gz = gzipSync(JSON.stringify({
  generator: 'build-aux/gen-tokenizer-fixtures.mjs', reference: 'tiktoken@1.0.22 encode_ordinary',
  code_points: assigned.length, ids: 'base64 of u32 little-endian', chunks }), { level: 9 });
writeFileSync(join(outDir, 'unicode.json.gz'), gz);
console.log(`unicode.json.gz: ${assigned.length} code points in ${chunks.length} chunks, ${gz.length} bytes`);

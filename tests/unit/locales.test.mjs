// Every locale says everything the English does, with the same placeholders, in text the
// popup can show: a missing key would show the English (or nothing), a lost placeholder a
// wrong number, an overlong label a clipped popup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const LOCALES_DIR = new URL('../../extension/_locales/', import.meta.url);
const read = (locale) => JSON.parse(readFileSync(new URL(`${locale}/messages.json`, LOCALES_DIR), 'utf8'));
const locales = readdirSync(LOCALES_DIR).filter((d) => d !== 'en');
const en = read('en');
const tokens = (message) => [...message.matchAll(/\$[A-Za-z0-9_]+\$|\$\d/g)].map((m) => m[0].toUpperCase()).sort();

// Where the popup does not wrap: concern names in the row beside their letter, severity
// tags, the store description (store limit) and the one-line header texts.
const MAX_LENGTH = [
  [/^extName$/, 45],
  [/^extDescription$/, 132],
  [/^concern_(connection|tracking|consent|payment)$/, 24],
  [/^severity_/, 16],
  [/^(headline_|payline_|verdict_unknown$)/, 110],
];

test('the six languages are there', () => {
  assert.deepEqual([...locales, 'en'].sort(), ['de', 'en', 'es', 'fr', 'it', 'nl']);
});

for (const locale of locales) {
  test(`${locale}: every English key, nothing else, same placeholders, lengths that fit`, () => {
    const messages = read(locale);
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort(), `${locale}: keys differ from en`);
    for (const [key, english] of Object.entries(en)) {
      const local = messages[key];
      assert.ok(local.message.trim(), `${locale}.${key} is empty`);
      assert.deepEqual(local.placeholders ?? null, english.placeholders ?? null, `${locale}.${key}: placeholders`);
      assert.deepEqual(tokens(local.message), tokens(english.message), `${locale}.${key}: ${local.message}`);
      const limit = MAX_LENGTH.find(([pattern]) => pattern.test(key))?.[1]
        ?? Math.max(2 * english.message.length, english.message.length + 20);
      assert.ok(local.message.length <= limit, `${locale}.${key} is ${local.message.length} characters (limit ${limit}): ${local.message}`);
    }
  });
}

test('English itself fits the same limits', () => {
  for (const [key, { message }] of Object.entries(en)) {
    const limit = MAX_LENGTH.find(([pattern]) => pattern.test(key))?.[1];
    if (limit) assert.ok(message.length <= limit, `en.${key} is ${message.length} characters (limit ${limit})`);
  }
});

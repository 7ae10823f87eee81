// Every sheet torikumi exports as JSON matches docs/canonical.schema.json: the sample sheet,
// each real-world sheet of tests/data/sheets, and a sheet with co-owners' notes, each imported
// into a fresh database and exported by the torikumi executable.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';

const bin = process.env.TORIKUMI_BIN;
const source = process.env.TORIKUMI_SOURCE_DIR;
const schema = JSON.parse(readFileSync(join(source, 'docs/canonical.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function torikumi(args) {
  const result = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, `torikumi ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function exported(file, year) {
  const dir = mkdtempSync(join(tmpdir(), 'torikumi-schema-'));
  try {
    const db = join(dir, 'schema.db');
    torikumi(['import', file, '--db', db, ...(year ? ['--year', String(year)] : [])]);
    const sheet = JSON.parse(torikumi(['export', '--db', db, '--year', String(year ?? 2025), '--format', 'json']));
    return sheet;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertValid(sheet, name) {
  assert.ok(validate(sheet), `${name}: ${JSON.stringify(validate.errors, null, 1)}`);
}

test('the sample sheet and every real-world sheet export as the schema says', () => {
  assertValid(exported(join(source, 'data/kawanishi-r7-process-sheet.tsv')), 'sample');
  const sheets = join(source, 'tests/data/sheets');
  for (const name of readdirSync(sheets).filter((f) => /\.(tsv|csv)$/.test(f))) {
    const expected = JSON.parse(readFileSync(join(sheets, name.replace(/\.(tsv|csv)$/, '.expected.json')), 'utf8'));
    assertValid(expected, `${name} (expected)`);
    assertValid(exported(join(sheets, name), expected.fiscal_year), name);
  }
});

test('notes of co-owning sections and endings export as the schema says, and anything else is refused', () => {
  const sheet = JSON.parse(readFileSync(join(source, 'data/kawanishi-r7-process-sheet.expected.json'), 'utf8'));
  const no4 = sheet.initiatives.find((i) => i.no === 4);
  no4.notes = [{ section: no4.co_owners[0], month: 4, text: '説明会の資料を提供した。\n二段落目。' }];
  const no2 = sheet.initiatives.find((i) => i.no === 2);
  no2.ending = { kind: '廃止', reason: '国の制度改正により取りやめ' };
  const dir = mkdtempSync(join(tmpdir(), 'torikumi-schema-'));
  try {
    const file = join(dir, 'notes.json');
    writeFileSync(file, JSON.stringify(sheet));
    const back = exported(file, 2025);
    assertValid(back, 'with notes');
    assert.deepEqual(back.initiatives.find((i) => i.no === 4).notes, no4.notes);
    assert.deepEqual(back.initiatives.find((i) => i.no === 2).ending, no2.ending);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(validate({ fiscal_year: 2025, initiatives: [{ ...no4, notes: [{ section: '', month: 13, text: '' }] }] }), false);
  assert.equal(validate({ fiscal_year: 2025, initiatives: [{ ...no4, extra: 1 }] }), false);
  assert.equal(validate({ fiscal_year: 2025, initiatives: [{ ...no2, ending: { kind: '中止', reason: '' } }] }), false);
  assertValid({ fiscal_year: 2025, municipality: { code: '282171', name: '川西市' }, initiatives: [] }, 'named');
});

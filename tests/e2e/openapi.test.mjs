// The API as its OpenAPI document says: the document passes a standard validator
// (@apidevtools/swagger-parser), and a client made from it (openapi-client-axios, one method
// per operationId) calls the real server, each answer checked against the document's schema
// for its status, so that what the document says and what the server does cannot drift apart.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { OpenAPIClientAxios } from 'openapi-client-axios';
import { startTorikumi } from './harness.mjs';

let t;
let document;
let token;
before(async () => {
  t = await startTorikumi();
  token = t.cli(['user', 'token', 'coordinator', '--name', 'openapi']).trim();
  document = await (await fetch(t.base + '/api/v1/openapi.json')).json();
});
after(async () => { await t.stop(); });

test('the document is valid OpenAPI 3.0 and every route of the API is in it', async () => {
  await SwaggerParser.validate(structuredClone(document));
  for (const operation of Object.values(document.paths).flatMap((p) => Object.values(p))) {
    assert.ok(operation.operationId, JSON.stringify(operation.summary));
    assert.ok(Object.keys(operation.responses).length > 0, operation.operationId);
  }
});

test('a client made from the document gets what the document promises', async () => {
  const dereferenced = await SwaggerParser.dereference(structuredClone(document));
  const ajv = new Ajv({ strict: false, allErrors: true });
  const checked = new Set();
  const api = new OpenAPIClientAxios({
    definition: structuredClone(document),
    axiosConfigDefaults: { baseURL: t.base + '/api/v1', validateStatus: () => true },
  });
  const client = await api.init();
  const operations = {};
  for (const [path, item] of Object.entries(dereferenced.paths)) {
    for (const [method, operation] of Object.entries(item)) operations[operation.operationId] = { path, method, operation };
  }
  // Calls an operation and checks the answer's status and body against the document.
  async function call(operationId, parameters, body, { auth = true, status = 200 } = {}) {
    const headers = auth ? { Authorization: `Bearer ${token}` } : {};
    const reply = await client[operationId](parameters ?? null, body ?? null, { headers });
    assert.equal(reply.status, status, `${operationId}: ${JSON.stringify(reply.data)}`);
    const response = operations[operationId].operation.responses[String(reply.status)];
    assert.ok(response, `${operationId} answered ${reply.status}, which the document does not name`);
    const schema = response.content?.['application/json']?.schema;
    if (schema) {
      const validate = ajv.compile(schema);
      assert.ok(validate(reply.data), `${operationId} ${reply.status}: ${JSON.stringify(validate.errors)}`);
    }
    checked.add(operationId);
    return reply.data;
  }

  await call('getOpenApi', null, null, { auth: false });
  assert.deepEqual((await call('listYears', null, null, { auth: false })).years, [2025]);
  await call('getPublicSheet', { year: 2025 }, null, { auth: false });
  await call('listPublicInitiatives', { year: 2025, q: '生成AI' }, null, { auth: false });
  await call('getPublicInitiative', { year: 2025, no: 4 }, null, { auth: false });
  await call('listPublicPublications', { year: 2025 }, null, { auth: false });
  await call('getSheet', { year: 2025 });
  await call('listInitiatives', { year: 2025, section: 'ICT推進課' });
  await call('openMonth', { year: 2025 }, { month: 4 });
  assert.equal((await call('listMonths', { year: 2025 })).deadlines['4'], '2025-05-10');
  await call('setDeadline', { year: 2025 }, { month: 4, deadline: '2025-05-15' });
  await call('setDeadline', { year: 2025 }, { month: 5, deadline: '2025-06-15' }, { status: 404 });
  assert.equal((await call('listMonths', { year: 2025 })).deadlines['4'], '2025-05-15');
  await call('setMailPreferences', null, { address: 'kikaku@city', kinds: [] }, { status: 400 });
  await call('setMailPreferences', null, { address: 'coordinator@example.jp', kinds: ['returned'], digest: true });
  await call('listNotifications');
  await call('readNotifications');
  const stored = await call('getInitiative', { year: 2025, no: 4 });
  const indicator = { name: '研修受講者数', unit: '人', direction: '増加', kind: '単月', baseline: { value: 800, fiscal_year: 2024 },
                      target: 1200, milestones: [{ month: 9, value: 600 }], final_target: null, actuals: [] };
  const edited = { ...stored.initiative, overview: 'API から書き直した概要', indicators: [indicator] };
  const saved = await call('putInitiative', { year: 2025, no: 4 }, { version: stored.version, initiative: edited });
  await call('putInitiative', { year: 2025, no: 4 }, { version: stored.version, initiative: edited }, { status: 409 });
  await call('writeMonthProgress', { year: 2025, no: 4 },
             { version: saved.version, month: 4, text: 'x', actuals: [{ indicator: '研修受講者数', value: '約30' }] },
             { status: 400 });
  const written = await call('writeMonthProgress', { year: 2025, no: 4 },
                             { version: saved.version, month: 4, text: 'API からの4月の報告', rating: '→',
                               achievement: '１０', actuals: [{ indicator: '研修受講者数', value: '1,234', note: 'API' }] });
  const reported = (await call('getInitiative', { year: 2025, no: 4 })).initiative;
  assert.deepEqual(reported.indicators[0].actuals, [{ month: 4, value: 1234, note: 'API' }]);
  assert.deepEqual(reported.achievements, [{ month: 4, rate: 10 }]);
  await call('reviewReports', { year: 2025 }, { month: 4, action: 'submit', nos: [4] });
  await call('reviewReports', { year: 2025 }, { month: 4, action: 'approve', nos: [4] });
  await call('writeMonthProgress', { year: 2025, no: 4 }, { version: written.version, month: 4, text: '承認後の書き換え' },
             { status: 403 });
  await call('listReports', { year: 2025, month: 4 });
  await call('getHistory', { year: 2025, no: 4 });
  const before = await call('getInitiative', { year: 2025, no: 3 });
  await call('endInitiative', { year: 2025, no: 3 }, { version: before.version, kind: '終了', reason: '' }, { status: 400 });
  const ended = await call('endInitiative', { year: 2025, no: 3 }, { version: before.version, kind: '終了', reason: '目標を達成' });
  assert.deepEqual((await call('getInitiative', { year: 2025, no: 3 })).initiative.ending, { kind: '終了', reason: '目標を達成' });
  assert.equal((await call('listInitiatives', { year: 2025 })).initiatives.find((i) => i.no === 3).ending, '終了');
  // A client that knows nothing of endings saves without one, and the ending stays.
  const { ending, ...unaware } = (await call('getInitiative', { year: 2025, no: 3 })).initiative;
  const resaved = await call('putInitiative', { year: 2025, no: 3 },
                             { version: ended.version, initiative: { ...unaware, overview: '終了後の概要' } });
  assert.deepEqual((await call('getInitiative', { year: 2025, no: 3 })).initiative.ending, ending);
  await call('resumeInitiative', { year: 2025, no: 3 }, { version: before.version }, { status: 409 });
  await call('resumeInitiative', { year: 2025, no: 3 }, { version: resaved.version });
  await call('getBoard', { year: 2025, month: 4 });
  await call('getDashboard', { year: 2025, month: 4 });
  const scale = await call('getRatingScale', { year: 2025 });
  await call('putRatingScale', { year: 2025 }, scale);
  await call('renameSection', { year: 2025 }, { from: 'ICT推進課', to: 'デジタル推進課' });
  await call('renameGoal', { year: 2025 }, { from: '1.存在しない目標', to: '1.目標' }, { status: 404 });
  await call('renamePolicy', { year: 2025 }, { from: '12.行政経営', to: '12.行政経営の推進' });
  await call('renameProject', { year: 2025 }, { from: '行政経営推進事業', to: '行政経営推進事業 (改)' });
  await call('renameSubproject', { year: 2025 }, { from: '存在しない細事業', to: 'x' }, { status: 404 });
  await call('publish', { year: 2025 }, { published_on: '2030-01-01' }, { status: 400 });
  const mistaken = await call('publish', { year: 2025 }, { published_on: '2026-04-30' }, { status: 201 });
  await call('withdrawPublication', { year: 2025, id: mistaken.id }, { reason: '' }, { status: 400 });
  const withdrawn = await call('withdrawPublication', { year: 2025, id: mistaken.id }, { reason: '日付の誤り' });
  assert.equal(withdrawn.withdrawn_reason, '日付の誤り');
  await call('withdrawPublication', { year: 2025, id: mistaken.id }, { reason: 'もう一度' }, { status: 409 });
  await call('listPublications', { year: 2025 });
  // A mistyped token is 401, never the public's answer.
  const coordinator = token;
  token = 'not-a-token';
  await call('listYears', null, null, { status: 401 });
  token = coordinator;
  await call('carryOver', { year: 2025 }, null, { status: 201 });
  await call('deleteYear', { year: 2025 }, null, { status: 409 });  // published: it stays
  await call('deleteYear', { year: 2026 });
  await call('deleteYear', { year: 2026 }, null, { status: 404 });
  await call('listUsers', null, null, { status: 403 });  // a coordinator is no administrator
  const admin = t.cli(['user', 'token', 'admin', '--name', 'openapi']).trim();
  token = admin;
  await call('addUser', null, { login: 'api-editor', display_name: 'API', role: 'editor', sections: ['ICT推進課'],
                               password: 'correct horse battery' }, { status: 201 });
  await call('listUsers');
  await call('listMail');
  await call('setUserEnabled', { login: 'api-editor' }, { action: 'disable' });
  await call('getAudit', { limit: 10 });
  assert.deepEqual(await call('getMunicipality', null, null, { auth: false }), { code: '', name: '' });
  await call('nameMunicipality', null, { code: '282170', name: '川西市' }, { status: 400 });
  await call('nameMunicipality', null, { code: '282171', name: '川西市' });
  assert.deepEqual(await call('getMunicipality', null, null, { auth: false }), { code: '282171', name: '川西市' });
  await call('getInitiative', { year: 2025, no: 999 }, null, { status: 404 });

  const untested = Object.keys(operations).filter((id) => !checked.has(id));
  assert.deepEqual(untested, [], 'every operation of the document is called');
});

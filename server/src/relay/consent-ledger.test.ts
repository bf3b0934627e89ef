// The consent ledger on SQLite and PostgreSQL: append-only, idempotent per message, exported as CSV.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeTargets, type TestStore } from '../../test/store-targets.ts';
import { appendConsentEvent, exportConsentCsv, readConsentEvents } from './consent-ledger.ts';

const at = new Date('2026-11-23T10:00:00.000Z');

describe.each(storeTargets)('consent ledger on $name', (target) => {
  let testStore: TestStore;
  beforeEach(async ({ skip }) => {
    if (!target.available) skip();
    testStore = await target.open();
  });
  afterEach(async () => {
    if (target.available) await testStore.dispose();
  });

  it('keeps workspaces apart and records one event per message and kind', async () => {
    const { db } = testStore.store;
    const stop = {
      workspaceId: 'ws1',
      phone: '+14155550100',
      scope: 'all',
      kind: 'opt_out',
      source: 'keyword',
      keyword: 'STOP',
      at,
    } as const;
    await appendConsentEvent(db, { ...stop, messageId: 7 });
    await appendConsentEvent(db, { ...stop, messageId: 7 });
    await appendConsentEvent(db, { ...stop, workspaceId: 'ws2', messageId: 7 });
    expect(await readConsentEvents(db, 'ws1', '+14155550100')).toEqual([
      { at: at.toISOString(), scope: 'all', kind: 'opt_out', source: 'keyword', keyword: 'STOP' },
    ]);
    expect(await readConsentEvents(db, 'ws2', '+14155550100')).toHaveLength(1);
    expect(await readConsentEvents(db, 'ws1', '+14155550199')).toEqual([]);
  });

  it('exports RFC 4180 CSV with formulas neutralised, every row once across pages', async () => {
    const { db } = testStore.store;
    await appendConsentEvent(db, {
      workspaceId: 'ws1',
      phone: '+14155550100',
      scope: 'all',
      kind: 'opt_out',
      source: 'plain_language',
      text: '=HYPERLINK("http://x","stop"), please\nstop',
      at,
    });
    for (let index = 0; index < 1204; index += 1) {
      await appendConsentEvent(db, {
        workspaceId: 'ws1',
        phone: `+1415555${String(index).padStart(4, '0')}`,
        scope: 'support',
        kind: 'customer_initiated',
        source: 'inbound_message',
        at,
      });
    }
    await appendConsentEvent(db, {
      workspaceId: 'other',
      phone: '+1',
      scope: 'support',
      kind: 'opt_in',
      source: 'agent',
      at,
    });
    let csv = '';
    const count = await exportConsentCsv(db, 'ws1', (chunk) => {
      csv += chunk;
    });
    expect(count).toBe(1205);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,workspace_id,phone,occurred_at,scope,kind,source,keyword,text,ref,detail,message_id',
    );
    // The formula is quoted and prefixed so spreadsheets show it as text; the E.164 "+" stays.
    expect(csv).toContain(
      `,+14155550100,${at.toISOString()},all,opt_out,plain_language,,"'=HYPERLINK(""http://x"",""stop""), please\nstop",,,`,
    );
    expect(csv).not.toContain('other');
    const phones = lines.slice(2, -1).map((line) => line.split(',')[2]);
    expect(new Set(phones).size).toBe(1204);
  });
});

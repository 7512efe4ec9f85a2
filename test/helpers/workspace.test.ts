import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/load/dataset.js';
import { loadSuite } from '../../src/load/suite.js';
import { loadSimModels } from '../../src/providers/sim/index.js';
import { HOSTILE_INPUT, HOSTILE_OUTPUT, LABELS, makeReportWorkspace, makeWorkspace } from './workspace.js';

async function rowsOf(file: string) {
  const rows = [];
  for await (const r of readDataset({ path: file, format: 'csv' })) rows.push(r.row);
  return rows;
}

describe('test workspaces: one triage suite, two variants', () => {
  it('makeWorkspace: one candidate with the options asked for, and a simulated model for it', async () => {
    const ws = await makeWorkspace({ cases: 5, accuracy: 0.5, repeats: 2, maxRetries: 1, backoffMaxMs: 50, concurrency: 3 });
    const { suite, datasetPath } = await loadSuite(ws.suite);
    expect(suite.candidates).toMatchObject([{ id: 'mini', provider: 'openai', model: 'gpt-4.1-mini', sim: 'sim-t', repeats: 2 }]);
    expect(suite.run).toMatchObject({ concurrency: 3, per_provider_concurrency: 3, max_retries: 1, backoff_max_ms: 50 });
    expect(suite.lane.budget).toMatchObject({ first_token_p95_ms: 800, min_pass_rate: 0.8 });
    const rows = await rowsOf(datasetPath);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ id: 't1', subject: 'Ticket number 1, about bug', label: LABELS[1] });
    const sim = await loadSimModels(ws.simModels);
    expect(Object.keys(sim.models)).toEqual(['sim-t']);
    expect(sim.models['sim-t']!.accuracy['ticket-triage']).toBe(0.5);
  });

  it('makeReportWorkspace: three candidates of different quality, hostile inputs, and hostile wrong answers', async () => {
    const ws = await makeReportWorkspace(4);
    const { suite, datasetPath } = await loadSuite(ws.suite);
    expect(suite.candidates.map((c) => [c.id, c.sim])).toEqual([['small', 'sim-small'], ['mid', 'sim-mid'], ['large', 'sim-large']]);
    expect(suite.run).toMatchObject({ concurrency: 16, max_retries: 2, backoff_max_ms: 100 });
    const rows = await rowsOf(datasetPath);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r['subject']!.startsWith(`${HOSTILE_INPUT}: ticket number`)).toBe(true);
    const sim = await loadSimModels(ws.simModels);
    expect(Object.keys(sim.models)).toEqual(['sim-small', 'sim-mid', 'sim-large']);
    expect(sim.tasks['ticket-triage']!.wrong).toEqual([HOSTILE_OUTPUT]);
  });
});

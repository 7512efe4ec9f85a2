import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeCommandFor } from '../../src/cli/ui-services.js';
import { LanebarError } from '../../src/core/errors.js';
import { loadPriceBook } from '../../src/load/prices.js';
import { loadSuite } from '../../src/load/suite.js';
import { OpenAIProvider } from '../../src/providers/openai.js';
import { buildPlan, checkSuite, resumePlan } from '../../src/run/plan.js';
import { resumeCommand } from '../../src/run/resume-command.js';
import { runPlan } from '../../src/run/runner.js';
import { makeWorkspace } from '../helpers/workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const never = new AbortController().signal;

describe('the resume command', () => {
  it('repeats what a resume must be told again: the reports folder, the cassettes, the simulator', () => {
    expect(resumeCommand('r1', { reports: 'reports' })).toBe('lanebar run --resume r1');
    expect(resumeCommand('r1', { reports: 'out/runs', replay: true })).toBe('lanebar run --resume r1 --reports out/runs --replay');
    expect(resumeCommand('r1', { reports: 'reports', simModels: 'my-models.yaml', simLatencyScale: 0 })).toBe('lanebar run --resume r1 --sim-models my-models.yaml --sim-latency-scale 0');
    // Options left at their defaults are not repeated.
    expect(resumeCommand('r1', { reports: 'reports', simModels: 'sim/models.yaml', simLatencyScale: 1, replay: false })).toBe('lanebar run --resume r1');
    // A simulator already running answers the resume too; the models file is then not read.
    expect(resumeCommand('r1', { reports: 'reports', simUrl: 'http://127.0.0.1:4000', simModels: 'm.yaml' })).toBe('lanebar run --resume r1 --sim-url http://127.0.0.1:4000');
  });

  it('quotes what the shell would split or read', () => {
    expect(resumeCommand('r1', { reports: "my reports/Bob's" })).toBe(`lanebar run --resume r1 --reports 'my reports/Bob'\\''s'`);
    expect(resumeCommand('r1', { reports: '$HOME/r;x' })).toBe(`lanebar run --resume r1 --reports '$HOME/r;x'`);
  });

  it("is the UI's too: from the run's options, or from where a run opened from its reports is", () => {
    expect(resumeCommandFor({ reports: 'out', simModels: 'm.yaml', simLatencyScale: 1 })('r1')).toBe('lanebar run --resume r1 --reports out --sim-models m.yaml');
    expect(resumeCommandFor('out')('r1')).toBe('lanebar run --resume r1 --reports out');
    expect(resumeCommandFor('reports')('r1')).toBe('lanebar run --resume r1');
  });
});

describe('resume hints', () => {
  async function plan(env: Record<string, string>) {
    const ws = await makeWorkspace({ cases: 2 });
    const loaded = await loadSuite(ws.suite);
    const checked = await checkSuite(loaded, 'auto', env);
    const makeClient = () => new OpenAIProvider({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sim' });
    return { ws, loaded, makeClient, plan: buildPlan({ runId: 'r1', startedAt: new Date('2026-11-23T12:00:00Z'), target: 'auto', checked: [checked], prices: loadPriceBook({ root: ROOT }), makeClient }) };
  }

  it('a journal that cannot be written names the command that resumes the run where it is, by default and as the caller gives it', async () => {
    const { ws, plan: p } = await plan({});
    const reportDir = join(ws.dir, 'out', 'r1');
    // A folder where the journal should be: it cannot be opened for writing.
    await mkdir(join(reportDir, 'run.jsonl'), { recursive: true });
    const run = (resumeCommand?: string) =>
      runPlan({ plan: p, reportDir, resume: null, subscribers: [], concurrency: 1, perProviderConcurrency: 1, softStop: never, hardStop: never, ...(resumeCommand ? { resumeCommand } : {}) }).then(
        () => null,
        (e: unknown) => e as LanebarError,
      );
    const byDefault = await run();
    expect(byDefault).toBeInstanceOf(LanebarError);
    expect(byDefault!.hint).toContain(`finish the run with lanebar run --resume r1 --reports ${join(ws.dir, 'out')}`);
    const given = await run(resumeCommand('r1', { reports: 'out', replay: true }));
    expect(given!.hint).toMatch(/finish the run with lanebar run --resume r1 --reports out --replay$/);
  });

  it('a candidate that ran simulated and would now run live asks for its key to be unset, since a resume keeps the run\'s target', async () => {
    const { loaded, makeClient, plan: p } = await plan({});
    expect(p.start.suites[0]!.candidates[0]!.simulated).toBe(true);
    const withKey = await checkSuite(loaded, p.start.target, { OPENAI_API_KEY: 'sk-test-0123456789' });
    let error: unknown;
    try {
      resumePlan(p.start, [withKey], makeClient);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LanebarError);
    expect((error as LanebarError).message).toBe('candidate "mini" ran simulated and would now run live');
    expect((error as LanebarError).hint).toBe('unset OPENAI_API_KEY for the resume (the run started without it), or start a new run');
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexHtml } from '../../src/report/html/index-html.js';
import { pageData, writeIndexHtml } from '../../src/report/html/write-index-html.js';
import { summarizeJournal } from '../../src/report/write-run-reports.js';
import type { CaseRecord, JournalRecord, RunStart } from '../../src/schema/journal.js';
import { attempt, caseResult, runStart, usage } from '../helpers/fixtures.js';

/** A journal written by hand: two candidates, one of which never passes, an errored sample, a partial run. */
async function journalDir(records: JournalRecord[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-html-page-'));
  await writeFile(join(dir, 'run.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

function start(): RunStart {
  const s = runStart(3);
  const suite = s.suites[0]!;
  suite.candidates.push({ ...suite.candidates[0]!, id: 'weak', served_by: 'sim-small' });
  return s;
}

const forCandidate = <T extends { candidate: string }>(r: T, candidate: string): T => ({ ...r, candidate });

function records(): JournalRecord[] {
  const u = usage({ uncached_input: 1000, output: 10 });
  const errored: CaseRecord = {
    ...caseResult('c3', false, 2, 0.0004),
    status: 'errored',
    grades: [],
    output: '',
    error_class: 'rate_limited',
    error_message: 'rate limited <b>twice</b>',
  };
  return [
    start(),
    attempt('c1', 1, true, u, 0.0004, [100, 150]),
    caseResult('c1', true, 1, 0.0004),
    attempt('c2', 1, true, u, 0.0004, [120, 160]),
    caseResult('c2', true, 1, 0.0004),
    attempt('c3', 1, false, u, 0.0002),
    attempt('c3', 2, false, u, 0.0002),
    errored,
    forCandidate(attempt('c1', 1, true, u, 0.0001, [50, 60]), 'weak'),
    forCandidate(caseResult('c1', false, 1, 0.0001), 'weak'),
  ];
}

describe('index.html from a hand-written journal', () => {
  it('marks a partial run, plots a candidate with no accepted outcome, and shows an errored sample', async () => {
    const dir = await journalDir(records());
    const summary = await summarizeJournal(dir);
    const html = indexHtml(await pageData(dir, summary));
    expect(html).toContain('partial: resume with lanebar run --resume test-run');
    // One point per candidate, the one with nothing accepted in the "none accepted" strip.
    expect(html.match(/<g class="point[^"]*" data-candidate="/g)).toHaveLength(2);
    expect(html).toContain('data-candidate="weak" data-pass-rate="0" data-cost-per-accepted=""');
    expect(html).toContain('class="none-strip"');
    // The errored sample is a failure filed under "errored", its message escaped.
    expect(html).toContain('data-graders="[&quot;errored&quot;]"');
    expect(html).toContain('rate_limited<br>rate limited &lt;b&gt;twice&lt;/b&gt;');
    // The suite file and dataset of this journal do not exist here: the page says why inputs are missing.
    expect(html).toContain('ticket-triage: inputs and expected values are not shown: suite suites/triage.yaml could not be read');
  });

  it('does not show inputs from a dataset that changed since the run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanebar-html-ds-'));
    await writeFile(join(dir, 'cases.csv'), 'id,subject,label\nc1,hello,bug\n');
    await writeFile(
      join(dir, 'triage.yaml'),
      'name: triage\nversion: "1"\nlane: { id: ticket-triage, description: d, latency_class: interactive, budget: { first_token_p95_ms: 800, completion_p95_ms: 1500, cost_per_accepted_usd: 0.001, min_pass_rate: 0.8 } }\n' +
        'prompt: { version: "1", system: s, template: "{{subject}}" }\ndataset: { path: cases.csv, inputs: [subject], expected: [label] }\ngraders: [{ type: equals, expected: "{{label}}" }]\n' +
        'candidates: [{ id: mini, provider: openai, model: gpt-4.1-mini }]\n',
    );
    const s = runStart(1);
    s.suites[0]!.file = join(dir, 'triage.yaml');
    s.suites[0]!.dataset = { path: join(dir, 'cases.csv'), hash: 'not-the-hash-of-cases-csv', rows: 1 };
    const run = await journalDir([s, caseResult('c1', false, 1, 0.001)]);
    const html = indexHtml(await pageData(run, await summarizeJournal(run)));
    expect(html).toMatch(/ticket-triage: inputs and expected values are not shown: dataset \S+cases\.csv changed since the run/);
    expect(html).not.toContain('hello');
  });

  it('ignores a bar.json decided for another run, and says so', async () => {
    const dir = await journalDir(records());
    await writeFile(join(dir, 'bar.json'), JSON.stringify({ schema: 'lanebar.bar/1' }));
    const summary = await summarizeJournal(dir);
    const html = await readFile(await writeIndexHtml(dir, summary), 'utf8');
    expect(html).toContain('bar.json is not shown');
    expect(html).toContain('No bar computed: run <code>lanebar bar test-run</code>');
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJunit } from '../../src/report/junit.js';
import type { JournalRecord } from '../../src/schema/journal.js';
import { validateJunit } from '../helpers/junit-xsd.js';
import { caseResult, runStart } from '../helpers/fixtures.js';

async function journal(records: JournalRecord[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanebar-junit-'));
  await writeFile(join(dir, 'run.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe('JUnit XML from a journal', () => {
  it('one testcase per sample: passes are empty, wrong answers fail with the grader reason, dead calls error', async () => {
    const hostile = '<script>alert("x")</script> & ]]> \u0001\u001b[31m \ud800 end';
    const failed = { ...caseResult('t2', false, 1, 0.001), output: hostile, grades: [{ grader: 'label', pass: false, score: 0, reason: `expected "bug", got "${hostile}"` }] };
    const errored = { ...caseResult('t3', false, 5, 0.002), status: 'errored' as const, grades: [], error_class: 'rate_limited' as const, error_message: 'rate limited; gave up: retry budget spent' };
    const dir = await journal([
      runStart(3),
      { ...caseResult('t1', true, 1, 0.001), completion_ms: 1234.5 },
      failed,
      errored,
      // A duplicate result (the torn write of a resumed run) counts once, as in the summary.
      { ...caseResult('t1', false, 1, 0.001) },
      { type: 'run_end', at: '2026-11-23T12:01:00.000Z', status: 'complete' },
    ]);
    const xml = await runJunit(dir);
    const file = join(dir, 'junit.xml');
    await writeFile(file, xml);
    const valid = validateJunit(file);
    expect(valid.output).toContain('validates');
    expect(valid.ok).toBe(true);

    expect(xml).toContain('<testsuite name="ticket-triage · mini" package="lanebar.ticket-triage" id="0" timestamp="2026-11-23T12:00:00"');
    expect(xml).toContain('tests="3" failures="1" errors="1" skipped="0" time="1.234"');
    expect(xml).toContain('<testcase name="t1" classname="ticket-triage.mini" time="1.234"/>');
    expect(xml).toContain('<failure type="label" message="label: expected &quot;bug&quot;, got &quot;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; \ufffd\ufffd[31m \ufffd end&quot;">');
    expect(xml).toContain('<error type="rate_limited" message="rate limited; gave up: retry budget spent">');
    expect(xml).toContain('<property name="served_by" value="sim-mid (simulated)"/>');
    expect(xml).not.toMatch(/[\u0001\u001b]/);
  });
});

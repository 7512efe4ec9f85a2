import { hostname } from 'node:os';
import type { Comparison } from '../core/compare.js';
import { readJournal } from '../run/journal-reader.js';
import { journalPath } from '../run/runner.js';
import type { CaseRecord, RunStart } from '../schema/journal.js';
import { checkName, describeCheck } from './compare-words.js';
import { attrs, xmlText } from './xml.js';

/**
 * JUnit XML in the Ant/Jenkins form CI systems read (GitHub test reporters, GitLab, Jenkins,
 * Azure): `testsuites` > `testsuite` > `testcase`, a `failure` for a wrong answer and an `error`
 * for a call that never produced one. It sticks to what both the Jenkins xUnit schema and the
 * Ant schema accept: every testsuite carries name, package, id, timestamp, hostname, counts and
 * time, then `properties`, its testcases, `system-out` and `system-err`; a testcase has at most one
 * child; the root has no attributes.
 */

interface SuiteBlock {
  name: string;
  pkg: string;
  properties: Record<string, string>;
  cases: { name: string; classname: string; seconds: number; child: string }[];
}

const BODY_LIMIT = 4000;
const seconds = (ms: number | null): number => (ms === null ? 0 : ms / 1000);
const decimal = (s: number): string => s.toFixed(3);
/** Ant's schema wants a local date-time without zone or fraction. */
const antTimestamp = (iso: string): string => iso.slice(0, 19);

function render(blocks: readonly SuiteBlock[], timestamp: string): string {
  const host = hostname() || 'localhost';
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  blocks.forEach((b, id) => {
    const failures = b.cases.filter((c) => c.child.startsWith('<failure')).length;
    const errors = b.cases.filter((c) => c.child.startsWith('<error')).length;
    const skipped = b.cases.filter((c) => c.child.startsWith('<skipped')).length;
    const time = b.cases.reduce((s, c) => s + c.seconds, 0);
    out.push(
      `  <testsuite${attrs({ name: b.name, package: b.pkg, id, timestamp: antTimestamp(timestamp), hostname: host, tests: b.cases.length, failures, errors, skipped, time: decimal(time) })}>`,
      '    <properties>',
      ...Object.entries(b.properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
      '    </properties>',
    );
    for (const c of b.cases) {
      const head = `    <testcase${attrs({ name: c.name, classname: c.classname, time: decimal(c.seconds) })}`;
      out.push(c.child ? `${head}>${c.child}</testcase>` : `${head}/>`);
    }
    out.push('    <system-out></system-out>', '    <system-err></system-err>', '  </testsuite>');
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}

const cut = (s: string, max = BODY_LIMIT) => (s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s);

function caseChild(c: CaseRecord): string {
  if (c.status === 'errored') {
    const message = c.error_message ?? c.error_class ?? 'the call failed';
    return `<error${attrs({ type: c.error_class ?? 'unknown', message: cut(message, 500) })}>${xmlText(cut(`${message}\n\nattempts: ${c.attempts}`))}</error>`;
  }
  if (c.pass) return '';
  const failed = c.grades.filter((g) => !g.pass);
  const reason = failed.map((g) => `${g.grader}: ${g.reason}`).join('; ') || 'did not pass';
  const body = `${failed.map((g) => `${g.grader}: ${g.reason}`).join('\n')}\n\noutput:\n${c.output}`;
  return `<failure${attrs({ type: failed[0]?.grader ?? 'grade', message: cut(reason, 500) })}>${xmlText(cut(body))}</failure>`;
}

/** One testsuite per lane × candidate, one testcase per sample, read from the run's journal. */
export async function runJunit(reportDir: string): Promise<string> {
  let start: RunStart | undefined;
  const cases = new Map<string, CaseRecord[]>();
  const seen = new Set<string>();
  await readJournal(journalPath(reportDir), (r) => {
    if (r.type === 'run_start') start = r;
    if (r.type !== 'case') return;
    const sample = `${r.suite}\u0000${r.candidate}\u0000${r.case_id}\u0000${r.repeat}`;
    if (seen.has(sample)) return;
    seen.add(sample);
    const key = `${r.suite}\u0000${r.candidate}`;
    const list = cases.get(key);
    if (list) list.push(r);
    else cases.set(key, [r]);
  });
  const blocks: SuiteBlock[] = [];
  for (const s of start!.suites) {
    for (const cand of s.candidates) {
      const classname = `${s.lane.id}.${cand.id}`;
      blocks.push({
        name: `${s.lane.id} · ${cand.id}`,
        pkg: `lanebar.${s.lane.id}`,
        properties: {
          run_id: start!.run_id,
          suite: `${s.name} ${s.version}`,
          prompt: `${s.prompt.version} (${s.prompt.hash.slice(0, 12)})`,
          provider: cand.provider,
          model: cand.model,
          served_by: cand.simulated ? `${cand.served_by} (simulated)` : cand.served_by,
        },
        cases: (cases.get(`${s.name}\u0000${cand.id}`) ?? []).map((c) => ({
          name: cand.repeats > 1 ? `${c.case_id} #${c.repeat}` : c.case_id,
          classname,
          seconds: seconds(c.completion_ms),
          child: caseChild(c),
        })),
      });
    }
  }
  return render(blocks, start!.started_at);
}

/** One testsuite per lane, one testcase per candidate and rule: what the CI gate decided. */
export function compareJunit(c: Comparison, at: string): string {
  const lanes = new Map<string, SuiteBlock>();
  for (const r of c.rows) {
    let b = lanes.get(r.lane);
    if (!b) {
      b = { name: `compare ${r.lane}`, pkg: `lanebar.compare.${r.lane}`, properties: { baseline_run: c.baseline_run, current_run: c.current_run }, cases: [] };
      lanes.set(r.lane, b);
    }
    for (const check of r.checks) {
      const message = describeCheck(check);
      const child =
        check.outcome === 'broken'
          ? `<failure${attrs({ type: check.rule, message: cut(message, 500) })}>${xmlText(message)}</failure>`
          : check.outcome === 'skipped'
            ? `<skipped${attrs({ message })}/>`
            : '';
      b.cases.push({ name: `${r.candidate} · ${checkName(check)}`, classname: `compare.${r.lane}.${r.candidate}`, seconds: 0, child });
    }
  }
  return render([...lanes.values()], at);
}

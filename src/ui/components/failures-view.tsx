import { Box, Text } from 'ink';
import { usd } from '../../report/format.js';
import type { FailedCase, RowState } from '../rows.js';
import { inputKey, type InputsState } from '../state.js';
import { cut, fit, inert, shortMs } from '../text.js';

export interface FailuresViewProps {
  row: RowState;
  selected: number;
  inputs: ReadonlyMap<string, InputsState>;
  width: number;
  /** Lines the list of failures may take; the detail takes the rest. */
  listHeight: number;
  outputLines: number;
}

const caseName = (f: FailedCase) => `${f.caseId}${f.repeat > 0 ? `#${f.repeat}` : ''}`;

/** Why a case failed, in one line: the first failing grader, or the error. */
export function why(f: FailedCase): string {
  if (f.status === 'errored') return `${f.errorClass ?? 'error'}${f.errorMessage ? `: ${f.errorMessage}` : ''}`;
  const g = f.grades.find((x) => !x.pass);
  return g ? `${g.grader}: ${g.reason}` : 'failed';
}

/** The window of the list that keeps the selected failure visible. */
export function listWindow(n: number, selected: number, height: number): [number, number] {
  const h = Math.max(1, height);
  const start = Math.max(0, Math.min(selected - Math.floor(h / 2), n - h));
  return [start, Math.min(n, start + h)];
}

function Field({ label, value, width, colour }: { label: string; value: string; width: number; colour?: string }) {
  return (
    <Text wrap="truncate">
      <Text bold>{fit(label, 10)}</Text>
      <Text color={colour}>{cut(value, Math.max(0, width - 10))}</Text>
    </Text>
  );
}

function Detail({ f, inputs, width, outputLines }: { f: FailedCase; inputs: InputsState | undefined; width: number; outputLines: number }) {
  const t = f.tokens;
  const input = t.uncached_input + t.cache_read + t.cache_write_5m + t.cache_write_1h;
  const head = `case ${caseName(f)} · ${f.status} · ${f.attempts} attempt${f.attempts === 1 ? '' : 's'} · FT ${shortMs(f.ttftMs)} · done ${shortMs(f.completionMs)} · cost ${usd(f.costUsd)}`;
  const tokens = `${input} in (${t.cache_read} from cache) · ${t.output} out${t.reasoning ? ` (${t.reasoning} reasoning)` : ''}`;
  const pairs = (kind: 'input' | 'expected'): { label: string; value: string }[] => {
    if (!inputs || inputs.state === 'loading') return [{ label: kind, value: 'loading from the dataset…' }];
    if (inputs.state === 'unavailable') return [{ label: kind, value: `not shown: ${inputs.reason}` }];
    const cols = inputs.inputs[kind];
    if (cols.length === 0) return [{ label: kind, value: '(no columns)' }];
    return cols.map(([c, v], i) => ({ label: i === 0 ? kind : '', value: `${c}: ${inert(v)}` }));
  };
  const lines = f.output.split(/\r?\n/);
  const shown = lines.slice(0, outputLines);
  const more = lines.length - shown.length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {cut(inert(head), width)}
      </Text>
      <Field label="tokens" value={tokens} width={width} />
      {pairs('input').map((p, i) => (
        <Field key={`i${i}`} label={p.label} value={p.value} width={width} />
      ))}
      {pairs('expected').map((p, i) => (
        <Field key={`e${i}`} label={p.label} value={p.value} width={width} />
      ))}
      {shown.map((l, i) => (
        <Field key={`o${i}`} label={i === 0 ? 'output' : ''} value={i === 0 && f.output === '' ? '(empty)' : inert(l)} width={width} />
      ))}
      {more > 0 || f.outputChars > f.output.length ? (
        <Field label="" value={`… ${more > 0 ? `${more} more line(s)` : ''}${f.outputChars > f.output.length ? ` (${f.outputChars} characters in all; the journal has them)` : ''}`} width={width} />
      ) : null}
      {f.status === 'errored' ? <Field label="error" value={inert(why(f))} width={width} colour="red" /> : null}
      {f.grades.map((g, i) => (
        <Field key={`g${i}`} label={i === 0 ? 'graders' : ''} value={`${g.pass ? '✓' : '✗'} ${inert(g.grader)}: ${inert(g.reason)}`} width={width} colour={g.pass ? 'green' : 'red'} />
      ))}
    </Box>
  );
}

/** A row's failed cases: a scrolling list, and everything about the highlighted one. */
export function FailuresView({ row, selected, inputs, width, listHeight, outputLines }: FailuresViewProps) {
  const title = `${row.lane.id} · ${row.candidate} (${row.simulated ? `${row.servedBy}, simulated` : row.model}) · ${row.failed} failed of ${row.completed} done`;
  if (row.failures.length === 0) {
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate">
          {cut(inert(title), width)}
        </Text>
        <Text wrap="truncate">{row.completed === 0 ? 'No results yet.' : 'No failures so far.'}</Text>
      </Box>
    );
  }
  const [from, to] = listWindow(row.failures.length, selected, listHeight);
  const kept = row.failures.length < row.failed ? ` (the first ${row.failures.length} are listed; run.jsonl has them all)` : '';
  const f = row.failures[Math.min(selected, row.failures.length - 1)]!;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {cut(inert(title + kept), width)}
      </Text>
      {row.failures.slice(from, to).map((x, i) => {
        const at = from + i;
        return (
          <Text key={`${x.caseId}#${x.repeat}`} inverse={at === selected} wrap="truncate">
            {at === selected ? '▸ ' : '  '}
            {fit(inert(caseName(x)), 12)} {fit(x.status, 8)} {fit(inert(why(x)), Math.max(0, width - 24))}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate">
        {`${from + 1}–${to} of ${row.failures.length}`}
      </Text>
      <Detail f={f} inputs={inputs.get(inputKey(f.suite, f.caseId))} width={width} outputLines={outputLines} />
    </Box>
  );
}

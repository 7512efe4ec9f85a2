import type { CaseInputs, CaseInputsResult } from '../report/case-inputs.js';
import type { RunEvent } from '../run/events.js';
import type { Usage } from '../schema/attempt.js';
import type { Bar } from '../schema/bar.js';
import { sampleKey, type AttemptRecord, type CaseRecord, type JournalRecord, type RunStart } from '../schema/journal.js';
import type { Summary } from '../schema/summary.js';
import { addUsage, NO_TOKENS, rowKey, rowsOf, withAttempt, withCase, type RowState } from './rows.js';

/**
 * The UI's one reducer: RunEvents from a live run, records from a journal already written, the
 * clock and the keys all become one state. Pure, so it is tested without Ink; components only
 * draw what it holds.
 */

export type View = 'table' | 'failures' | 'bar';
/** `waiting`: suites are being checked; `stopping`: samples in flight may finish. */
export type Phase = 'waiting' | 'running' | 'stopping' | 'finished';
export type InputsState = { state: 'loading' } | { state: 'ok'; inputs: CaseInputs } | { state: 'unavailable'; reason: string };
export type BarState =
  | { state: 'idle' }
  | { state: 'loading' }
  /** No bar.json in the run folder: the bar was never computed for this run. */
  | { state: 'missing' }
  | { state: 'invalid'; message: string }
  | { state: 'loaded'; bar: Bar };

export interface UiState {
  /** `live`: a run in this process; `journal`: a run read back from reports/<id>/. */
  source: 'live' | 'journal';
  runId: string | null;
  reportDir: string | null;
  phase: Phase;
  status: 'complete' | 'interrupted' | 'failed' | null;
  message: string | null;
  resumed: boolean;
  concurrency: number | null;
  samplesTotal: number;
  samplesDone: number;
  /** Samples done before this process started: the ETA only counts this session's pace. */
  doneAtStart: number;
  now: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Times the journal recorded (a run read back has no live clock). */
  recordedStart: string | null;
  recordedEnd: string | null;
  inFlightAtStop: number | null;
  /** The user asked to stop: once the runner finishes, the UI closes. */
  stopRequested: boolean;
  rows: readonly RowState[];
  summary: Summary | null;
  /** Tokens of samples whose attempts arrived but whose result did not yet. */
  open: ReadonlyMap<string, Usage>;
  warnings: readonly string[];
  view: View;
  selected: number;
  failureSelected: number;
  /** First line of the bar view shown. */
  barScroll: number;
  /** Keyed by inputKey(suite, caseId). */
  inputs: ReadonlyMap<string, InputsState>;
  bar: BarState;
}

export type UiAction =
  | RunEvent
  | { type: 'history'; record: JournalRecord }
  | { type: 'clock'; now: number }
  /** `limit`: the last scroll position that still fills the screen (the bar view's lines are not known here). */
  | { type: 'move'; delta: number; limit?: number }
  | { type: 'open_failures' }
  | { type: 'back' }
  | { type: 'show_bar' }
  | { type: 'stop_requested' }
  | { type: 'inputs_requested'; suite: string; caseIds: readonly string[] }
  | { type: 'inputs_loaded'; suite: string; caseIds: readonly string[]; result: CaseInputsResult }
  | { type: 'bar_requested' }
  | { type: 'bar_loaded'; bar: BarState };

export const inputKey = (suite: string, caseId: string): string => `${suite}\u0000${caseId}`;

const WARNINGS_KEPT = 3;

export function initialState(source: UiState['source'], now: number): UiState {
  return {
    source,
    runId: null,
    reportDir: null,
    phase: 'waiting',
    status: null,
    message: null,
    resumed: false,
    concurrency: null,
    samplesTotal: 0,
    samplesDone: 0,
    doneAtStart: 0,
    now,
    startedAt: null,
    finishedAt: null,
    recordedStart: null,
    recordedEnd: null,
    inFlightAtStop: null,
    stopRequested: false,
    rows: [],
    summary: null,
    open: new Map(),
    warnings: [],
    view: 'table',
    selected: 0,
    failureSelected: 0,
    barScroll: 0,
    inputs: new Map(),
    bar: { state: 'idle' },
  };
}

function started(s: UiState, start: RunStart): UiState {
  const rows = rowsOf(start);
  return { ...s, runId: start.run_id, rows, samplesTotal: rows.reduce((n, r) => n + r.samples, 0), recordedStart: start.started_at };
}

function onAttempt(s: UiState, a: AttemptRecord): UiState {
  const key = sampleKey(a);
  const open = new Map(s.open);
  open.set(key, addUsage(open.get(key) ?? NO_TOKENS, a.usage));
  return { ...s, open, rows: s.rows.map((r) => (r.key === rowKey(a.suite, a.candidate) ? withAttempt(r, a) : r)) };
}

function onCase(s: UiState, c: CaseRecord): UiState {
  const key = sampleKey(c);
  const open = new Map(s.open);
  const tokens = open.get(key) ?? NO_TOKENS;
  open.delete(key);
  return {
    ...s,
    open,
    samplesDone: s.samplesDone + 1,
    rows: s.rows.map((r) => (r.key === rowKey(c.suite, c.candidate) ? withCase(r, c, tokens) : r)),
  };
}

function onHistory(s: UiState, r: JournalRecord): UiState {
  switch (r.type) {
    case 'run_start':
      return { ...started(s, r), phase: 'finished' };
    case 'attempt':
      return onAttempt(s, r);
    case 'attempt_started':
      // A call on its way: its attempt record, or the interrupted one a resume writes, carries its figures.
      return s;
    case 'case':
      return onCase(s, r);
    case 'run_resume':
      // A resumed run that has no run_end after this was killed: no status to claim.
      return { ...s, status: null, recordedEnd: null, message: null };
    case 'run_end':
      return { ...s, status: r.status, recordedEnd: r.at, message: r.message ?? null };
  }
}

function onRunEvent(s: UiState, e: RunEvent): UiState {
  switch (e.type) {
    case 'run_started': {
      // A resumed run keeps the rows already folded from its journal.
      const base = e.resumed && s.runId === e.start.run_id ? s : started(s, e.start);
      return {
        ...base,
        reportDir: e.reportDir,
        phase: s.stopRequested ? 'stopping' : 'running',
        status: null,
        message: null,
        resumed: e.resumed,
        concurrency: e.concurrency,
        samplesTotal: e.samplesTotal,
        samplesDone: e.samplesDone,
        doneAtStart: e.samplesDone,
        startedAt: s.now,
        finishedAt: null,
      };
    }
    case 'attempt':
      return onAttempt(s, e.record);
    case 'case':
      return onCase(s, e.record);
    case 'warning':
      return { ...s, warnings: [...s.warnings, e.message].slice(-WARNINGS_KEPT) };
    case 'stopping':
      return { ...s, phase: 'stopping', inFlightAtStop: e.inFlight };
    case 'run_finished':
      return { ...s, phase: 'finished', status: e.status, message: e.message ?? null, finishedAt: s.now, reportDir: e.reportDir };
    case 'summary':
      return { ...s, summary: e.summary };
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** The failed cases of the selected row, in the order they finished. */
export const selectedRow = (s: UiState): RowState | undefined => s.rows[s.selected];

function onKey(s: UiState, a: Extract<UiAction, { type: 'move' | 'open_failures' | 'back' | 'show_bar' | 'stop_requested' }>): UiState {
  switch (a.type) {
    case 'move':
      if (s.view === 'table') return { ...s, selected: clamp(s.selected + a.delta, 0, Math.max(0, s.rows.length - 1)) };
      if (s.view === 'failures') {
        const n = selectedRow(s)?.failures.length ?? 0;
        return { ...s, failureSelected: clamp(s.failureSelected + a.delta, 0, Math.max(0, n - 1)) };
      }
      return { ...s, barScroll: clamp(s.barScroll + a.delta, 0, a.limit ?? Infinity) };
    case 'open_failures':
      return s.view === 'table' && s.rows.length > 0 ? { ...s, view: 'failures', failureSelected: 0 } : s;
    case 'back':
      // A bar found missing is looked for again next time: `lanebar bar` may have run meanwhile.
      return { ...s, view: 'table', bar: s.bar.state === 'missing' ? { state: 'idle' } : s.bar };
    case 'show_bar':
      return { ...s, view: 'bar', barScroll: 0 };
    case 'stop_requested':
      return { ...s, stopRequested: true, phase: s.phase === 'running' ? 'stopping' : s.phase };
  }
}

export function reduce(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'history':
      return onHistory(s, a.record);
    case 'clock':
      return { ...s, now: a.now };
    case 'move':
    case 'open_failures':
    case 'back':
    case 'show_bar':
    case 'stop_requested':
      return onKey(s, a);
    case 'inputs_requested': {
      const inputs = new Map(s.inputs);
      for (const id of a.caseIds) inputs.set(inputKey(a.suite, id), { state: 'loading' });
      return { ...s, inputs };
    }
    case 'inputs_loaded': {
      const inputs = new Map(s.inputs);
      for (const id of a.caseIds) {
        const found = a.result.ok ? a.result.cases.get(id) : undefined;
        inputs.set(
          inputKey(a.suite, id),
          found ? { state: 'ok', inputs: found } : { state: 'unavailable', reason: a.result.ok ? 'case id not found in the dataset' : a.result.reason },
        );
      }
      return { ...s, inputs };
    }
    case 'bar_requested':
      return { ...s, bar: { state: 'loading' } };
    case 'bar_loaded':
      return { ...s, bar: a.bar };
    default:
      return onRunEvent(s, a);
  }
}

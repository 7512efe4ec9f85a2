/**
 * What `lanebar run --resume` must be told again to finish the same run: where its folder is, and
 * what answers its calls (the cassettes, or which simulator). The journal records the rest (the
 * target, the suites, the prices). Every resume hint is written by `resumeCommand`.
 */
export interface ResumeOptions {
  reports: string;
  replay?: boolean;
  simUrl?: string;
  simModels?: string;
  simLatencyScale?: number;
}

/** main.ts's defaults for `lanebar run`: an option left at its default is not repeated. */
const DEFAULTS = { reports: 'reports', simModels: 'sim/models.yaml', simLatencyScale: 1 } as const;

/** A word the shell passes on as it is; anything else is single-quoted. */
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** The command that finishes run `runId`, ready to copy into a shell. */
export function resumeCommand(runId: string, o: ResumeOptions): string {
  const args = ['lanebar', 'run', '--resume', runId];
  if (o.reports !== DEFAULTS.reports) args.push('--reports', o.reports);
  if (o.replay) args.push('--replay');
  if (o.simUrl !== undefined) {
    args.push('--sim-url', o.simUrl);
  } else {
    // The simulator started for the resume must be the one the run started with.
    if (o.simModels !== undefined && o.simModels !== DEFAULTS.simModels) args.push('--sim-models', o.simModels);
    if (o.simLatencyScale !== undefined && o.simLatencyScale !== DEFAULTS.simLatencyScale) args.push('--sim-latency-scale', String(o.simLatencyScale));
  }
  return args.map(shellWord).join(' ');
}

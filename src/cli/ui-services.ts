import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isLanebarError } from '../core/errors.js';
import { readBarFile } from '../load/bar-file.js';
import { loadCaseInputs } from '../report/case-inputs.js';
import { resumeCommand, type ResumeOptions } from '../run/resume-command.js';
import type { RunStart } from '../schema/journal.js';
import type { UiServices } from '../ui/app.js';
import type { BarState } from '../ui/state.js';

export interface ServiceSources {
  /** The run's manifest, once known (the journal's or the runner's). */
  start(): RunStart | null;
  reportDir(): string | null;
  stop(): void;
}

/** What the UI may read from disk: the dataset rows of failed cases, and the run's bar.json. Never a model. */
export function uiServices(src: ServiceSources): UiServices {
  return {
    stop: src.stop,
    loadInputs: async (suite, caseIds) => {
      const manifest = src.start()?.suites.find((s) => s.name === suite);
      if (!manifest) return { ok: false, reason: `suite "${suite}" is not in the run's manifest` };
      return loadCaseInputs(manifest, caseIds);
    },
    loadBar: async (): Promise<BarState> => {
      const dir = src.reportDir();
      const file = dir ? join(dir, 'bar.json') : null;
      if (!file || !existsSync(file)) return { state: 'missing' };
      try {
        return { state: 'loaded', bar: await readBarFile(file) };
      } catch (e) {
        return { state: 'invalid', message: isLanebarError(e) ? e.format() : String(e) };
      }
    },
  };
}

/**
 * The command that finishes a run, for the UI's footer: the options of the run that started it
 * (resume-command.ts), or just where its folder is for a run opened from its reports.
 */
export const resumeCommandFor = (opts: ResumeOptions | string) => (runId: string) =>
  resumeCommand(runId, typeof opts === 'string' ? { reports: opts } : opts);

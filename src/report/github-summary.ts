import { appendFile } from 'node:fs/promises';
import { LanebarError } from '../core/errors.js';

/**
 * GitHub Actions shows the Markdown a step appends to the file named by $GITHUB_STEP_SUMMARY on
 * the run's summary page. Appending (not overwriting) keeps what earlier commands of the same step
 * wrote there. Outside Actions the variable is unset and nothing is written.
 */
export async function writeStepSummary(env: Readonly<Record<string, string | undefined>>, markdown: string): Promise<string | null> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return null;
  try {
    await appendFile(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
  } catch (e) {
    throw new LanebarError(`cannot write the GitHub step summary (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  return file;
}

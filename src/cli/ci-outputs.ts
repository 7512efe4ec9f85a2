import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../report/atomic-write.js';
import { writeStepSummary } from '../report/github-summary.js';
import { runJunit } from '../report/junit.js';
import { summaryMarkdown } from '../report/summary-markdown.js';
import type { Summary } from '../schema/summary.js';

/** What CI reads after `lanebar run`: JUnit XML when asked, the Markdown summary on GitHub Actions. */
export async function writeRunCiOutputs(
  reportDir: string,
  summary: Summary,
  junit: string | undefined,
  io: { out(line: string): void; env: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  if (junit) {
    await mkdir(dirname(junit), { recursive: true });
    await writeFileAtomic(junit, await runJunit(reportDir));
    io.out(`junit: ${junit}`);
  }
  await writeStepSummary(io.env, summaryMarkdown(summary));
}

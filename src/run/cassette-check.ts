import { LanebarError } from '../core/errors.js';
import type { CassettePlayer, Miss } from '../providers/cassette.js';
import type { RunPlan } from './plan.js';
import { samples, type ResumeState } from './runner.js';

const LISTED = 20;

function list(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/**
 * Before a replay starts, every sample's first request must be in its suite's cassette. All the
 * samples that are not are named at once, split into those whose request changed since recording
 * (a prompt, template, parameter or model edit) and those never recorded, so CI says exactly which
 * cases to re-record rather than stopping at the first.
 */
export async function checkCassettes(plan: RunPlan, player: CassettePlayer, resume: ResumeState | null): Promise<void> {
  const misses = new Map<string, Record<Miss, string[]>>();
  let total = 0;
  for await (const job of samples(plan, resume, new AbortController().signal)) {
    const ctx = { suite: job.suite, candidate: job.candidate.id, caseId: job.caseId, repeat: job.repeat, attempt: job.priorAttempts + 1 };
    const miss = player.miss(job.candidate.provider, job.candidate.served_by, job.request, ctx);
    if (!miss) continue;
    total += 1;
    let m = misses.get(job.suite);
    if (!m) misses.set(job.suite, (m = { changed: [], 'not recorded': [] }));
    m[miss].push(`${job.candidate.id} ${job.caseId}${job.repeat ? ` #${job.repeat}` : ''}`);
  }
  if (total === 0) return;
  const lines = [...misses].flatMap(([suite, m]) => [
    `suite ${suite} (${player.fileOf(suite)}):`,
    ...(m.changed.length ? [`  request changed since recording (${m.changed.length}): ${list(m.changed)}`] : []),
    ...(m['not recorded'].length ? [`  never recorded (${m['not recorded'].length}): ${list(m['not recorded'])}`] : []),
  ]);
  const first = [...misses.keys()][0]!;
  throw new LanebarError(
    `the cassette cannot answer ${total} sample${total === 1 ? '' : 's'}; nothing was called\n${lines.join('\n')}`,
    { file: player.fileOf(first) },
    're-record with `lanebar run --record` (live with keys, or against the simulator) and commit the cassette',
  );
}

import type { SimModel } from '../../schema/sim.js';
import type { IndexedCase } from './case-index.js';
import { unit } from './deterministic.js';

/**
 * Half-width of the per-(model, case) skill noise. Correctness is `difficulty + noise < accuracy`:
 * the shared difficulty makes models fail on mostly the same cases (real models' errors are
 * correlated), the noise keeps a stronger model from solving a strict superset.
 */
const SKILL_NOISE = 0.04;
/** Half-width of the per-sample noise at temperature 1, so repeats of a borderline case can differ. */
const SAMPLE_NOISE = 0.03;

const GENERIC_ANSWERS = [
  'I could not find enough information in your message to answer that.',
  'Could you share a few more details? I am not sure what you are asking for.',
  'I am unable to help with this request as stated.',
];

export interface AnswerChoice {
  text: string;
  /** Null for a request that matches no known case. */
  correct: boolean | null;
  lane: string | null;
  caseId: string | null;
}

export interface AnswerContext {
  seed: number;
  modelName: string;
  model: SimModel;
  /** The case the request's tail matched, if any. */
  found: IndexedCase | undefined;
  tail: string;
  /** OpenAI's default is 1; 0 makes a case's answer the same on every repeat. */
  temperature: number;
  sample: number;
}

export function chooseAnswer(c: AnswerContext): AnswerChoice {
  const generic = GENERIC_ANSWERS[Math.floor(unit(c.seed, 'generic', c.modelName, c.tail) * GENERIC_ANSWERS.length)]!;
  const found = c.found;
  if (!found) return { text: generic, correct: null, lane: null, caseId: null };
  const known = { lane: found.lane, caseId: found.caseId };
  const accuracy = c.model.accuracy[found.lane];
  if (!found.answers || accuracy === undefined) return { text: generic, correct: false, ...known };

  const skill = SKILL_NOISE * (2 * unit(c.seed, 'skill', c.modelName, found.lane, found.caseId) - 1);
  const jitter = SAMPLE_NOISE * c.temperature * (2 * unit(c.seed, 'sample', c.modelName, found.lane, found.caseId, c.sample) - 1);
  if (found.difficulty + skill + jitter < accuracy) return { text: found.answers.correct, correct: true, ...known };

  // A model tends to make the same mistake on a case, so the wrong answer does not depend on the sample.
  const wrong = found.answers.wrong;
  const pick = wrong[Math.floor(unit(c.seed, 'wrong', c.modelName, found.lane, found.caseId) * wrong.length)]!;
  return { text: pick, correct: false, ...known };
}

import type { CandidateParams, GraderSpec } from '../schema/suite.js';
import { hashJson } from './hash.js';

/**
 * Fingerprints of the parts of a suite an authorization rests on, computed the same way from a
 * run's manifest and from today's suite file, so that `bar --check` can say which part changed.
 */
export const gradersHash = (graders: readonly GraderSpec[]): string => hashJson(graders);

export interface CandidateDefinition {
  id: string;
  provider: string;
  model: string;
  params: CandidateParams;
  repeats: number;
}

export const candidatesHash = (candidates: readonly CandidateDefinition[]): string =>
  hashJson(candidates.map(({ id, provider, model, params, repeats }) => ({ id, provider, model, params, repeats })));

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LanebarError } from '../core/errors.js';
import { hashJson, sha256 } from '../core/hash.js';
import { templateVariables } from '../core/template.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, candidateId, GraderSpec, ProviderName, Suite, type Suite as SuiteT } from '../schema/suite.js';
import { parseYaml } from './yaml.js';

export interface LoadedSuite {
  suite: SuiteT;
  /** Absolute path of the suite file. */
  file: string;
  /** sha256 of the suite file's bytes. */
  hash: string;
  /** Absolute path of the dataset. */
  datasetPath: string;
  datasetFormat: 'csv' | 'jsonl';
  /** sha256 of the prompt (version, stable prefix, template): recorded with every result. */
  promptHash: string;
}

const HINTS: Record<string, string> = {
  '^graders\\.\\d+\\.type$': `grader types: ${GraderSpec.options.map((o) => o.shape.type.value).join(', ')}`,
  '^candidates\\.\\d+\\.provider$': `providers: ${ProviderName.options.join(', ')}`,
};

export async function loadSuite(file: string): Promise<LoadedSuite> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new LanebarError(`cannot read suite: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  const suite = parseYaml(text, file, Suite, HINTS);
  checkSuite(suite, file);
  const datasetPath = resolve(dirname(abs), suite.dataset.path);
  const format = suite.dataset.format ?? (datasetPath.endsWith('.jsonl') || datasetPath.endsWith('.ndjson') ? 'jsonl' : 'csv');
  return {
    suite,
    file: abs,
    hash: sha256(text),
    datasetPath,
    datasetFormat: format,
    promptHash: hashJson(suite.prompt),
  };
}

/** Cross-field rules the schema alone cannot state. */
function checkSuite(suite: SuiteT, file: string): void {
  const inputs = new Set(suite.dataset.inputs);
  for (const name of templateVariables(suite.prompt.template)) {
    if (!inputs.has(name)) {
      throw new LanebarError(
        `template slot {{${name}}} is not a dataset input column`,
        { file, field: 'prompt.template' },
        `add "${name}" to dataset.inputs (columns: ${suite.dataset.inputs.join(', ')})`,
      );
    }
  }
  const columns = new Set([...suite.dataset.inputs, ...suite.dataset.expected, suite.dataset.id_column]);
  suite.graders.forEach((g, i) => {
    const templates = Object.entries(g).filter(([k, v]) => typeof v === 'string' && ['expected', 'value'].includes(k)) as [string, string][];
    if (g.type === 'json') templates.push(...Object.entries(g.fields).map(([k, v]) => [`fields.${k}`, v] as [string, string]));
    for (const [field, template] of templates) {
      for (const name of templateVariables(template)) {
        if (!columns.has(name)) {
          throw new LanebarError(
            `{{${name}}} is not a dataset column`,
            { file, field: `graders.${i}.${field}` },
            `add "${name}" to dataset.expected`,
          );
        }
      }
    }
  });
  const ids = new Set<string>();
  suite.candidates.forEach((c, i) => {
    const id = candidateId(c);
    if (ids.has(id)) throw new LanebarError(`duplicate candidate id "${id}"`, { file, field: `candidates.${i}` }, 'give each candidate a distinct id');
    ids.add(id);
    checkThinkingBudget(c, file, `candidates.${i}.params.thinking_budget`);
  });
}

/** Anthropic's extended-thinking bounds (docs: budget_tokens >= 1024 and < max_tokens); OpenAI's protocol has no such knob. */
function checkThinkingBudget(c: SuiteT['candidates'][number], file: string, field: string): void {
  const budget = c.params.thinking_budget;
  if (budget === undefined) return;
  if (c.provider === 'openai' || c.provider === 'openai-compatible') {
    throw new LanebarError(`thinking_budget is not supported for provider ${c.provider}`, { file, field }, 'remove it; it applies to anthropic and google candidates');
  }
  if (c.provider === 'anthropic' && budget > 0) {
    const max = c.params.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
    if (budget < 1024) throw new LanebarError(`Anthropic's extended thinking needs a budget of at least 1024 tokens, got ${budget}`, { file, field }, 'use 0 to leave thinking off');
    if (budget >= max) throw new LanebarError(`thinking_budget ${budget} must be below max_tokens (${max})`, { file, field }, 'raise params.max_tokens');
  }
}

export const suiteDir = (s: LoadedSuite): string => dirname(s.file);

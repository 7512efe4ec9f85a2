import { z } from 'zod';

/**
 * What `lanebar compare` holds a change to, written the way a reviewer states it. A suite carries
 * its lane's rules in an optional `compare:` block (defaults below); a CI config file passed with
 * `--rules` can override them for every lane or for named lanes.
 */
const PassRateRule = z
  .union([
    z.literal(false),
    z
      .object({
        alpha: z.number().gt(0).lt(1).describe("significance level of McNemar's exact test on the cases both runs share"),
      })
      .strict(),
  ])
  .describe('the pass rate may not drop significantly (paired test, not a bare difference); false turns the rule off');

const CostRule = z
  .union([
    z.literal(false),
    z
      .object({
        max_increase: z.number().min(0).describe('largest allowed rise of the cost per accepted outcome, as a fraction (0.1 = +10%)'),
      })
      .strict(),
  ])
  .describe('the cost per accepted outcome may not rise by more than max_increase; false turns the rule off');

const rules = {
  pass_rate: PassRateRule,
  cost_per_accepted: CostRule,
  latency_budget: z.boolean().describe("first-token and completion p95 may not newly exceed the lane's budget"),
  authorization: z.boolean().describe('a model the eval bar admitted in the baseline may not lose its authorization'),
  budget_alarms: z.boolean().describe("replays: a budget alarm that was quiet in the baseline replay may not fire in the current one"),
};

export const DEFAULT_COMPARE_RULES = {
  pass_rate: { alpha: 0.05 },
  cost_per_accepted: { max_increase: 0.1 },
  latency_budget: true,
  authorization: true,
  budget_alarms: true,
} as const;

/** The rules of one lane, defaults applied. */
export const CompareRules = z
  .object({
    pass_rate: rules.pass_rate.default(DEFAULT_COMPARE_RULES.pass_rate),
    cost_per_accepted: rules.cost_per_accepted.default(DEFAULT_COMPARE_RULES.cost_per_accepted),
    latency_budget: rules.latency_budget.default(DEFAULT_COMPARE_RULES.latency_budget),
    authorization: rules.authorization.default(DEFAULT_COMPARE_RULES.authorization),
    budget_alarms: rules.budget_alarms.default(DEFAULT_COMPARE_RULES.budget_alarms),
  })
  .strict();

/** Some rules, as a CI config file overrides them. */
export const CompareRulesPatch = z.object(rules).partial().strict();

/** `--rules <file>`: a CI config of compare rules, for every lane and for named lanes. */
export const CompareConfig = z
  .object({
    $schema: z.string().optional(),
    rules: CompareRulesPatch.default({}).describe('applied to every lane, over the suites\' own compare blocks'),
    lanes: z.record(z.string(), CompareRulesPatch).default({}).describe('lane id -> rules for that lane only, applied last'),
  })
  .strict();

export type CompareRules = z.infer<typeof CompareRules>;
export type CompareRulesPatch = z.infer<typeof CompareRulesPatch>;
export type CompareConfig = z.infer<typeof CompareConfig>;

import { z } from 'zod';

/**
 * A router's escalation config, as a router reads it in production. The seed operator article's
 * block is valid as written:
 *
 *   ROUTING:
 *     default_model: "gpt-4o-mini"
 *     escalate_if:
 *       - condition: "confidence < 0.72"
 *         model: "claude-3-5-sonnet"
 *
 * The file may hold that block under `ROUTING:` or `routing:` (other top-level sections, which
 * belong to other systems, are ignored) or be the bare block. Inside the block every field is
 * checked: a field lanebar does not know could change routing, so it is an error, not ignored.
 */

export const GateMode = z
  .enum(['cascade', 'route'])
  .describe('cascade: the default model answers first and the gate reads its answer; route: decided before any call');

export const GateRuleSpec = z
  .object({
    condition: z.string({ error: 'condition must be a string (quote it)' }).min(1, 'empty condition').describe('a gate expression, e.g. confidence < 0.72'),
    model: z.string().min(1).describe('the model a request goes to when the condition holds'),
  })
  .strict();

export const RoutingBlock = z
  .object({
    lane: z.string().min(1).optional().describe('the lanebar lane this router serves'),
    mode: GateMode.default('cascade'),
    default_model: z.string().min(1).describe('the model that serves a request no rule escalates (the small model of a cascade)'),
    escalate_if: z.array(GateRuleSpec).optional().describe('ordered rules: the first whose condition holds decides the model'),
    rules: z.array(GateRuleSpec).optional().describe('the same as escalate_if, for routers that call them rules'),
    signal: z.string().min(1).optional().describe('the numeric column a threshold sweep varies, e.g. confidence'),
  })
  .strict()
  .refine((b) => !(b.escalate_if && b.rules), { message: 'give the rules once, as escalate_if or as rules', path: ['rules'] });

export type GateRuleSpec = z.infer<typeof GateRuleSpec>;
export type RoutingBlock = z.infer<typeof RoutingBlock>;
export type GateMode = z.infer<typeof GateMode>;

/** The top-level keys under which a file may carry its routing block. */
export const ROUTING_KEYS = ['ROUTING', 'routing'] as const;

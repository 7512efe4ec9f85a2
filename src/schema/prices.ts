import { z } from 'zod';

export const PRICE_SHEET_SCHEMA = 'lanebar.price-sheet/1';

/** The provider name for self-hosted and third-party OpenAI-compatible endpoints. */
export const OPENAI_COMPATIBLE = 'openai-compatible';

const isCalendarDay = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

export const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date written YYYY-MM-DD')
  .refine(isCalendarDay, 'not a calendar date');

const compiles = (source: string): boolean => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};

/** genai-prices' model matching rule; matched case-insensitively against the model name. */
export type MatchLogic =
  | { and: MatchLogic[] }
  | { or: MatchLogic[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

export const MatchLogic: z.ZodType<MatchLogic> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(MatchLogic).min(1) }).strict(),
    z.object({ or: z.array(MatchLogic).min(1) }).strict(),
    z.object({ equals: z.string() }).strict(),
    z.object({ starts_with: z.string() }).strict(),
    z.object({ ends_with: z.string() }).strict(),
    z.object({ contains: z.string() }).strict(),
    z.object({ regex: z.string().refine(compiles, 'not a valid regular expression') }).strict(),
  ]),
);

const usd = z.number().finite().min(0);

/** A long-context price: `base` until the request's input tokens exceed a tier's `start`. */
export const TieredPrice = z
  .object({
    base: usd,
    tiers: z.array(z.object({ start: z.number().int().min(0), price: usd }).strict()),
  })
  .strict();

/** USD per unit (per million tokens for `_mtok` keys), flat or tiered. */
export const PriceValue = z.union([usd, TieredPrice]);

/** genai-prices' price record as it ships: unit keys (input_mtok, cache_read_mtok, web_searches_kcount...). */
export const SheetPrices = z.record(z.string(), PriceValue);

const TimeOfDay = z.string().regex(/^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'use HH:MM:SS with Z or an offset');

export const PriceConstraint = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start_date'), start_date: IsoDay }).strict(),
  z.object({ type: z.literal('time_of_date'), start_time: TimeOfDay, end_time: TimeOfDay }).strict(),
]);

/** One dated (or time-of-day) entry of a model's price history. */
export const ConditionalPrice = z.object({ constraint: PriceConstraint.optional(), prices: SheetPrices }).strict();

export const SheetModel = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    match: MatchLogic,
    context_window: z.number().int().positive().optional(),
    deprecated: z.boolean().optional(),
    price_comments: z.string().optional(),
    // The array comes first: a history must not be read as a price record.
    prices: z.union([z.array(ConditionalPrice).min(1), SheetPrices]),
  })
  .strict();

export const SheetProvider = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    api_pattern: z.string(),
    pricing_urls: z.array(z.string()).optional(),
    price_comments: z.string().optional(),
    model_match: MatchLogic.optional(),
    provider_match: MatchLogic.optional(),
    /** Providers whose models this one also serves (Google Vertex serves Anthropic's). */
    fallback_model_providers: z.array(z.string()).optional(),
    models: z.array(SheetModel),
  })
  .strict();

/** The frozen price sheet: a dated snapshot of genai-prices' bundled data, committed in the repo. */
export const PriceSheet = z
  .object({
    schema: z.literal(PRICE_SHEET_SCHEMA),
    comment: z.string(),
    snapshot_date: IsoDay,
    source: z.object({ package: z.string().min(1), version: z.string().min(1) }).strict(),
    providers: z.array(SheetProvider).min(1),
  })
  .strict();

/**
 * The sheet with each provider read only as far as its id: a run checks in full (SheetProvider)
 * just the providers it prices, so the hundreds of models it never bills cost it nothing.
 */
export const PriceSheetHead = PriceSheet.extend({
  providers: z.array(z.object({ id: SheetProvider.shape.id }).loose()).min(1),
});

/** The fields of a resolved price that a user may override. */
export const PriceField = z.enum([
  'input_mtok',
  'cache_read_mtok',
  'cache_write_5m_mtok',
  'cache_write_1h_mtok',
  'output_mtok',
  'batch_discount',
  'gpu_hour_usd',
  'throughput_tokens_per_s',
  'cache_storage_mtok_hour',
]);

/** A discount of 1 would make tokens free: a typo, not a price. */
const Discount = z.number().min(0).lt(1).describe('fraction taken off every token price, e.g. 0.5 for half price');

export const OverridePrices = z
  .object({
    input_mtok: PriceValue.optional(),
    cache_read_mtok: PriceValue.optional(),
    cache_write_5m_mtok: PriceValue.optional(),
    cache_write_1h_mtok: PriceValue.optional(),
    output_mtok: PriceValue.optional(),
    batch_discount: Discount.optional(),
    gpu_hour_usd: z.number().finite().positive().optional().describe('self-hosted: what one GPU-hour costs'),
    throughput_tokens_per_s: z.number().finite().positive().optional().describe('self-hosted: tokens served per second on that GPU'),
    cache_storage_mtok_hour: usd.optional().describe('explicit caches (Gemini): USD per million cached tokens per hour'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (Object.values(p).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give at least one price field' });
    }
    // A GPU-hour price means nothing without the throughput that turns it into a token price.
    if ((p.gpu_hour_usd === undefined) !== (p.throughput_tokens_per_s === undefined)) {
      const missing = p.gpu_hour_usd === undefined ? 'gpu_hour_usd' : 'throughput_tokens_per_s';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'gpu_hour_usd and throughput_tokens_per_s go together' });
    }
  });

export const OverrideEntry = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    effective: IsoDay.describe('first day (UTC) the figures apply'),
    source: z.string().trim().min(1, 'say where the figure comes from: a pricing page, a contract, a measurement'),
    prices: OverridePrices,
  })
  .strict();

/** prices/overrides.yaml: a list of entries; an empty file means no overrides. */
export const PriceOverrides = z
  .array(OverrideEntry)
  .nullable()
  .transform((v) => v ?? []);

/** The price lanebar bills an attempt with: the sheet's figures, overrides applied, defaults filled. */
export const ModelPrice = z
  .object({
    provider: z.string(),
    model: z.string(),
    /** The sheet entry that matched, or null when overrides alone price the model. */
    matched: z.object({ provider: z.string(), model_id: z.string() }).strict().nullable(),
    input_mtok: PriceValue,
    cache_read_mtok: PriceValue,
    cache_write_5m_mtok: PriceValue,
    cache_write_1h_mtok: PriceValue,
    output_mtok: PriceValue,
    batch_discount: Discount.nullable(),
    gpu_hour_usd: z.number().positive().nullable(),
    throughput_tokens_per_s: z.number().positive().nullable(),
    cache_storage_mtok_hour: usd.nullable(),
    /** Fields that no source priced and took a stated fallback (e.g. cache reads at the input price). */
    defaulted: z.array(PriceField),
    /** Where each figure came from: the sheet, an overrides entry (with its source and date), or a default. */
    sources: z.record(PriceField, z.string()),
    provenance: z
      .object({ sheet_hash: z.string(), overrides_hash: z.string().nullable(), at: z.string() })
      .strict(),
  })
  .strict();

export type PriceValue = z.infer<typeof PriceValue>;
export type TieredPrice = z.infer<typeof TieredPrice>;
export type SheetPrices = z.infer<typeof SheetPrices>;
export type PriceConstraint = z.infer<typeof PriceConstraint>;
export type ConditionalPrice = z.infer<typeof ConditionalPrice>;
export type SheetModel = z.infer<typeof SheetModel>;
export type SheetProvider = z.infer<typeof SheetProvider>;
export type PriceSheet = z.infer<typeof PriceSheet>;
export type PriceField = z.infer<typeof PriceField>;
export type OverridePrices = z.infer<typeof OverridePrices>;
export type OverrideEntry = z.infer<typeof OverrideEntry>;
export type ModelPrice = z.infer<typeof ModelPrice>;

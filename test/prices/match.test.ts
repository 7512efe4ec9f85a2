import { describe, expect, it } from 'vitest';
import { dashDate, findSheetModel, matchesModel, nearestNames, pickPrices } from '../../src/core/price-match.js';
import type { SheetModel, SheetProvider } from '../../src/schema/prices.js';

const model = (id: string, match: SheetModel['match'], prices: SheetModel['prices'] = { input_mtok: 1, output_mtok: 2 }): SheetModel => ({ id, match, prices });
const provider = (id: string, models: SheetModel[], fallback?: string[]): SheetProvider => ({
  id,
  name: id,
  api_pattern: '',
  models,
  ...(fallback ? { fallback_model_providers: fallback } : {}),
});

describe('matchesModel', () => {
  it('implements every rule, case-insensitively', () => {
    expect(matchesModel({ equals: 'GPT-4.1' }, 'gpt-4.1')).toBe(true);
    expect(matchesModel({ starts_with: 'claude-' }, 'Claude-x')).toBe(true);
    expect(matchesModel({ ends_with: '-mini' }, 'gpt-4.1-mini')).toBe(true);
    expect(matchesModel({ contains: '4.1' }, 'gpt-4.1-nano')).toBe(true);
    expect(matchesModel({ regex: '^o[134]' }, 'o3-mini')).toBe(true);
    expect(matchesModel({ regex: '^o[134]' }, 'gpt-o3')).toBe(false);
    const notTts = { and: [{ starts_with: 'gemini-2.5-pro' }, { regex: '^(?!.*-[tT][tT][sS](?:$|-))' }] };
    expect(matchesModel(notTts, 'gemini-2.5-pro-preview')).toBe(true);
    expect(matchesModel(notTts, 'gemini-2.5-pro-preview-tts')).toBe(false);
    expect(matchesModel({ or: [{ equals: 'a' }, { equals: 'b' }] }, 'B')).toBe(true);
  });
});

describe('findSheetModel', () => {
  const anthropic = provider('anthropic', [model('claude-3-5-sonnet', { equals: 'claude-3-5-sonnet-2024-10-22' })]);
  const google = provider('google', [model('gemini-x', { starts_with: 'gemini-x' }), model('gemini-x-pro', { starts_with: 'gemini-x-pro' })], ['anthropic']);
  const all = [anthropic, google];

  it('takes the first model whose rule matches, as the library does', () => {
    expect(findSheetModel(google, 'gemini-x-pro', all)?.model.id).toBe('gemini-x');
  });

  it('falls back to the providers a provider serves', () => {
    expect(findSheetModel(google, 'claude-3-5-sonnet-2024-10-22', all)?.provider.id).toBe('anthropic');
  });

  it('tries a compact date suffix in its dashed form', () => {
    expect(dashDate('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet-2024-10-22');
    expect(dashDate('model-20241399')).toBe('model-20241399');
    expect(findSheetModel(anthropic, 'claude-3-5-sonnet-20241022', all)?.model.id).toBe('claude-3-5-sonnet');
    expect(findSheetModel(anthropic, 'claude-3-opus', all)).toBeUndefined();
  });
});

describe('pickPrices', () => {
  const history = model('m', { equals: 'm' }, [
    { prices: { input_mtok: 1 } },
    { constraint: { type: 'start_date', start_date: '2025-06-10' }, prices: { input_mtok: 2 } },
    { constraint: { type: 'start_date', start_date: '2026-01-01' }, prices: { input_mtok: 3 } },
  ]);

  it('takes the latest entry whose start date is on or before the day', () => {
    expect(pickPrices(history, new Date('2025-06-09T23:59:59.999Z')).prices.input_mtok).toBe(1);
    expect(pickPrices(history, new Date('2025-06-10T00:00:00Z')).prices.input_mtok).toBe(2);
    expect(pickPrices(history, new Date('2026-11-23T00:00:00Z')).prices.input_mtok).toBe(3);
    expect(pickPrices(history, new Date('2026-11-23T00:00:00Z')).constraint).toEqual({ type: 'start_date', start_date: '2026-01-01' });
  });

  it('handles time-of-day windows that wrap past midnight', () => {
    const offPeak = model('d', { equals: 'd' }, [
      { prices: { input_mtok: 1 } },
      { constraint: { type: 'time_of_date', start_time: '16:30:00Z', end_time: '00:30:00Z' }, prices: { input_mtok: 0.5 } },
    ]);
    expect(pickPrices(offPeak, new Date('2026-01-01T23:00:00Z')).prices.input_mtok).toBe(0.5);
    expect(pickPrices(offPeak, new Date('2026-01-01T00:15:00Z')).prices.input_mtok).toBe(0.5);
    expect(pickPrices(offPeak, new Date('2026-01-01T12:00:00Z')).prices.input_mtok).toBe(1);
  });
});

describe('nearestNames', () => {
  it('ranks by edit distance', () => {
    expect(nearestNames('gpt-4.1-nanoo', ['gpt-4o', 'gpt-4.1-nano', 'gpt-4.1-mini'], 2)).toEqual(['gpt-4.1-nano', 'gpt-4.1-mini']);
  });
});

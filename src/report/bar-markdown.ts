import type { Bar, CandidateVerdict, LaneBar } from '../schema/bar.js';
import { cell, pct } from './format.js';
import { budgetText, costAgainst, latencyAgainst, modelLabel, pairedText, pValue, refusalText } from './bar-words.js';

const short = (hash: string) => hash.slice(0, 12);
const passCi = (e: CandidateVerdict['evidence']) => `${pct(e.pass_rate)} (${pct(e.pass_ci.low)}–${pct(e.pass_ci.high)})`;

function barCell(l: LaneBar): string {
  const a = l.authorization;
  if (!a) {
    const why = l.candidates.map((c) => `${c.candidate}: ${[...new Set(c.refusals.map((r) => r.kind.replace(/_p95$/, '')))].join(', ')}`);
    return `no candidate cleared suite ${cell(l.suite)} (${why.join('; ')}); see the evidence below`;
  }
  const c = l.candidates.find((x) => x.candidate === a.model.candidate)!;
  const e = c.evidence;
  const b = l.lane.budget;
  const p = a.provenance;
  return [
    `suite ${cell(p.suite.name)} v${cell(p.suite.version)}, n = ${e.completed}: pass ${passCi(e)} ≥ ${pct(b.min_pass_rate)}`,
    `first token p95 ${latencyAgainst(e.first_token_p95_ms, b.first_token_p95_ms)}`,
    `completion p95 ${latencyAgainst(e.completion_p95_ms, b.completion_p95_ms)}`,
    `${costAgainst(e.cost_per_accepted_usd, b.cost_per_accepted_usd)} per accepted outcome`,
    `errors ${pct(e.error_rate)} ≤ ${pct(b.max_error_rate)}`,
    `run ${cell(p.run_id)} (${p.run_started_at.slice(0, 10)})`,
  ].join('; ');
}

function escalationCell(l: LaneBar): string {
  const a = l.authorization;
  if (!a) return '—';
  const esc = a.escalation;
  if (!esc) return `none: no admitted candidate is stronger than ${cell(a.model.candidate)}`;
  const test = a.paired_tests.find((t) => t.stronger === esc.candidate);
  const verdict = test
    ? `; ${cell(a.model.candidate)} vs ${cell(esc.candidate)}: McNemar p = ${pValue(test.p_value)}, ${test.cheaper_significantly_worse ? 'significantly worse' : 'not significantly worse'}`
    : '';
  return `to **${cell(esc.candidate)}**, ${cell(modelLabel(esc))}: pass ${pct(esc.pass_rate)} (${pct(esc.pass_ci.low)}–${pct(esc.pass_ci.high)})${verdict}`;
}

function routingPlan(bar: Bar): string[] {
  const out = [
    '## Routing plan',
    '',
    '| Traffic | Model | Eval bar that authorized it | Escalation (the stronger model a request goes to) |',
    '| --- | --- | --- | --- |',
  ];
  for (const l of bar.lanes) {
    const a = l.authorization;
    const model = a ? `**${cell(a.model.candidate)}**: ${cell(modelLabel(a.model))}` : '**none admitted**';
    out.push(`| ${cell(l.lane.id)} (${l.lane.latency_class}) | ${model} | ${barCell(l)} | ${escalationCell(l)} |`);
  }
  out.push(
    '',
    `*Model* is the cheapest admitted candidate by cost per accepted outcome. *Escalation* names the next-stronger admitted candidate (stronger: ${bar.policy.stronger}); the condition that sends a request there is the product's to write.`,
    '',
  );
  return out;
}

const verdictCell = (c: CandidateVerdict, l: LaneBar) =>
  c.verdict === 'refused'
    ? 'refused'
    : l.authorization?.model.candidate === c.candidate
      ? '**admitted, assigned**'
      : l.authorization?.escalation?.candidate === c.candidate
        ? 'admitted, escalation'
        : 'admitted';

function laneEvidence(l: LaneBar): string[] {
  const b = l.lane.budget;
  const p = l.authorization?.provenance;
  const out = [`## ${cell(l.lane.id)} (${l.lane.latency_class})`, '', cell(l.lane.description, 300), '', `Budget: ${budgetText(b)}.`, ''];
  if (p) {
    out.push(
      `Provenance: run ${cell(p.run_id)} started ${p.run_started_at} (${p.run_status}); suite ${cell(p.suite.name)} v${cell(p.suite.version)} (${cell(p.suite.file)}, sha256 ${short(p.suite.hash)}); ` +
        `dataset ${cell(p.dataset.path)} (${p.dataset.rows} cases, sha256 ${short(p.dataset.hash)}); prompt v${cell(p.prompt.version)} (sha256 ${short(p.prompt.hash)}); graders sha256 ${short(p.graders_hash)}; ` +
        `price sheet ${cell(p.price_sheet.path)} (${p.price_sheet.date}, sha256 ${short(p.price_sheet.hash)})${p.price_overrides ? ` with ${cell(p.price_overrides.path)} (sha256 ${short(p.price_overrides.hash)})` : ''}; lanebar ${cell(p.lanebar_version)}; ${p.simulated ? '**SIMULATED**' : 'live'}.`,
      '',
    );
  } else {
    out.push(`Suite ${cell(l.suite)}: no candidate was admitted, so this lane has no authorization.`, '');
  }
  out.push(
    '| candidate | served by | verdict | n | pass (95% CI) | first token p95 | completion p95 | $/accepted | errors | why refused |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const c of l.candidates) {
    const e = c.evidence;
    out.push(
      `| ${cell(c.candidate)} | ${cell(modelLabel(c))} | ${verdictCell(c, l)} | ${e.completed}/${e.samples} | ${passCi(e)} | ${latencyAgainst(e.first_token_p95_ms, b.first_token_p95_ms)} | ${latencyAgainst(e.completion_p95_ms, b.completion_p95_ms)} | ${costAgainst(e.cost_per_accepted_usd, b.cost_per_accepted_usd)} | ${pct(e.error_rate)} | ${c.refusals.map((r) => cell(refusalText(r), 400)).join('<br>')} |`,
    );
  }
  out.push('');
  const tests = l.authorization?.paired_tests ?? [];
  if (tests.length) out.push('Paired tests against each stronger admitted candidate:', '', ...tests.map((t) => `- ${pairedText(t)}.`), '');
  return out;
}

/** `bar.md`: the routing plan to paste into an Inference Budget, then the evidence per lane. */
export function barMarkdown(bar: Bar): string {
  const out = [`# Eval bar: run ${cell(bar.run_id)}`, ''];
  if (bar.notice) out.push(`> **${bar.notice}**`, '');
  if (bar.run_status !== 'complete') {
    out.push(`> **The run is partial: nothing is admitted from it.** Resume it (\`lanebar run --resume ${cell(bar.run_id)}\`), then decide again.`, '');
  }
  out.push(
    `Decided ${bar.generated_at} by lanebar ${cell(bar.generated_by)} from the journal of run ${cell(bar.run_id)} (started ${bar.run_started_at}, ${bar.run_status}). ` +
      `Quality: ${bar.policy.quality}. Paired test: ${bar.policy.paired_test}, α = ${bar.policy.alpha}.`,
    '',
    ...routingPlan(bar),
    ...bar.lanes.flatMap(laneEvidence),
    'An authorization holds while its suite, dataset, prompt, graders and prices stay as recorded; `lanebar bar --check bar.json` says when one of them changed.',
    '',
  );
  return out.join('\n');
}

import { esc } from './escape.js';
import { PAGE_CSS, PAGE_CSS_HASH } from './page-style.js';
import { PAGE_SCRIPT, PAGE_SCRIPT_HASH } from './page-script.js';

/**
 * No network, ever: every style, plot and script is in the file, and the policy forbids the
 * page from fetching anything or applying any script or stylesheet but its own (each allowed by
 * its hash), so text that slipped past escaping could neither run nor restyle the page.
 */
export const CSP = `default-src 'none'; style-src ${PAGE_CSS_HASH}; img-src data:; script-src ${PAGE_SCRIPT_HASH}; base-uri 'none'; form-action 'none'`;

/** The document around a page's body: language, policy, the one stylesheet and the one script. */
export function pageShell(o: { title: string; lanebarVersion: string; body: string }): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="generator" content="lanebar ${esc(o.lanebarVersion)}">` +
    `<title>${esc(o.title)}</title><style>${PAGE_CSS}</style></head><body>${o.body}<script>${PAGE_SCRIPT}</script></body></html>\n`
  );
}

import type { Page } from 'playwright-core';

/**
 * Accessibility checks run inside the page, on what the browser computed: our own, small and
 * explicit, instead of a checker package. The scripts are strings because the tests are typed
 * without the DOM library; each returns plain data.
 */

export interface HeadingProblem {
  level: number;
  after: number;
  text: string;
}

/** Headings in document order: one h1 first, and never a level skipped on the way down (h2 then h4). */
export async function headingProblems(page: Page): Promise<{ levels: number[]; problems: HeadingProblem[] }> {
  return page.evaluate(`(() => {
    const hs = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'));
    const levels = hs.map((h) => Number(h.tagName[1]));
    const problems = [];
    let prev = 0;
    hs.forEach((h, i) => {
      const level = levels[i];
      if ((i === 0 && level !== 1) || (i > 0 && level === 1) || level > prev + 1) problems.push({ level, after: prev, text: h.textContent.trim() });
      prev = level;
    });
    return { levels, problems };
  })()`);
}

/** Header cells without a scope, tables without a caption or without any header cell. */
export async function tableProblems(page: Page): Promise<{ tables: number; headers: number; problems: string[] }> {
  return page.evaluate(`(() => {
    const problems = [];
    const tables = Array.from(document.querySelectorAll('table'));
    let headers = 0;
    for (const t of tables) {
      const ths = Array.from(t.querySelectorAll('th'));
      headers += ths.length;
      if (!t.caption || !t.caption.textContent.trim()) problems.push('table without caption: ' + (t.id || t.className));
      if (!ths.length) problems.push('table without header cells: ' + (t.id || t.className));
      for (const th of ths) {
        const scope = th.getAttribute('scope');
        if (!['col', 'row', 'colgroup', 'rowgroup'].includes(scope)) problems.push('th without scope: ' + th.textContent.trim().slice(0, 40));
      }
    }
    return { tables: tables.length, headers, problems };
  })()`);
}

export interface ContrastFinding {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * WCAG 2 contrast ratio of every visible piece of text against what it sits on: the nearest
 * opaque background up the tree for HTML, and for SVG text the filled shape under it (the shaded
 * budget region), else the page behind the plot. Translucent colours are composited over the
 * background below them.
 */
export async function contrastFindings(page: Page): Promise<{ checked: number; lowest: ContrastFinding | null; failing: ContrastFinding[] }> {
  return page.evaluate(`(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\\(([^)]+)\\)/);
      if (!m) return null;
      const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
    const lum = (c) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const htmlBackground = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
      }
      let c = { r: 255, g: 255, b: 255, a: 1 };
      for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
      return c;
    };
    const svgBackground = (el) => {
      // elementsFromPoint sees only the viewport: bring the text into it first.
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const box = el.getBoundingClientRect();
      const under = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      for (const u of under) {
        if (u === el || u.tagName !== 'rect') continue;
        const s = getComputedStyle(u);
        const fill = parse(s.fill);
        if (fill && s.fill !== 'none') return over({ ...fill, a: fill.a * Number(s.fillOpacity || 1) }, htmlBackground(el.ownerSVGElement));
      }
      return htmlBackground(el.ownerSVGElement);
    };
    const findings = [];
    const all = document.querySelectorAll('body *');
    for (const el of all) {
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
      if (!own) continue;
      const rects = el.getClientRects();
      const s = getComputedStyle(el);
      if (!rects.length || s.visibility === 'hidden' || s.display === 'none') continue;
      const isSvg = el instanceof SVGElement;
      const fg = parse(isSvg ? s.fill : s.color);
      if (!fg) continue;
      const bg = isSvg ? svgBackground(el) : htmlBackground(el);
      findings.push({ text: own.slice(0, 60), color: isSvg ? s.fill : s.color, background: 'rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + ')', ratio: Math.round(ratio(over(fg, bg), bg) * 100) / 100 });
    }
    findings.sort((a, b) => a.ratio - b.ratio);
    return { checked: findings.length, lowest: findings[0] || null, failing: findings.filter((f) => f.ratio < 4.5) };
  })()`);
}

/**
 * Writes lanebar's bundled demo datasets (ticket triage, support reply, report drafting).
 *
 * Every row is synthetic: a fixed-seed PRNG combines scenario templates, slot fillers and
 * phrasing variants, so re-running the script yields byte-identical files. The test suite
 * relies on that (test/bundled-content.test.ts regenerates into a temp dir and compares).
 *
 *   npm exec -- node scripts/make-datasets.ts [--out <dir>]
 *
 * Node 24 runs it as TypeScript by type stripping; without --out it rewrites ../datasets/ relative
 * to this file. Only node built-ins; no locale-dependent formatting, no clocks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20_250_601;

// ---------------------------------------------------------------- randomness

type Rng = () => number;

/** mulberry32: tiny, fast, and identical on every platform. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One stream per dataset, so that editing one generator leaves the other files unchanged. */
function streamFor(name: string): Rng {
  let h = SEED;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return mulberry32(h);
}

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number): boolean => rng() < p;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick from an empty list');
  return xs[Math.floor(rng() * xs.length)]!;
}

function weighted<T extends string>(rng: Rng, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Turns raw hardness scores into percentiles: a row's difficulty is the share of rows judged
 * easier. The order is the scores'; the spread is uniform on [0, 1], so a simulated model whose
 * accuracy is 0.8 fails about a fifth of the cases, the hardest ones first.
 */
function percentiles(raw: readonly number[]): string[] {
  const order = raw.map((score, i) => ({ score, i })).sort((a, b) => a.score - b.score || a.i - b.i);
  const out = new Array<string>(raw.length);
  order.forEach(({ i }, rank) => {
    out[i] = ((rank + 0.5) / raw.length).toFixed(2);
  });
  return out;
}

/** Draws until `make` yields a key not seen yet: the simulator treats equal prompts as one case. */
function unique<T>(seen: Set<string>, key: (x: T) => string, make: () => T): T {
  for (let tries = 0; tries < 100; tries++) {
    const x = make();
    if (!seen.has(key(x))) {
      seen.add(key(x));
      return x;
    }
  }
  throw new Error('could not draw a unique row in 100 tries; add more variety');
}

// ---------------------------------------------------------------- formatting

/** 120425 -> "1,204.25"; hand-rolled so that no ICU data decides the output. */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is wrapped in quotes, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

function toJsonl(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? '']))) + '\n').join('');
}

// ---------------------------------------------------------------- shared slot fillers

const FIRST = [
  'Priya', 'Tomás', 'Aisha', 'Kenji', 'Olga', 'Marcus', 'Fatima', 'Liam', 'Chen', 'Sofia', 'Dmitri', 'Grace',
  'Mateo', 'Amara', 'Jonas', 'Yuki', 'Noah', 'Leila', 'Kwame', 'Ingrid', 'Rahul', 'Hannah', 'Diego', 'Mei',
  'Samir', 'Claire', 'Oluwaseun', 'Erik', 'Nadia', 'Pedro', 'Zoë', 'Callum', 'Beatriz', 'Anh', 'Siobhan', 'Ravi',
];
const LAST = [
  'Patel', 'Okafor', 'Lindqvist', "O'Brien", 'Nakamura', 'García', 'Kowalski', 'Haddad', 'Nguyen', 'Müller',
  'Mensah', 'Rossi', 'Dubois', 'Schmidt', 'Costa', 'Tanaka', 'Ivanova', 'Murphy', 'Ahmed', 'Johansson',
];
const COMPANY = [
  'Blue Fern Bakery', 'Harbor & Pine Outfitters', 'Northside Bikes', 'Kettle Corner Café', 'Marigold Florists',
  'Atlas Print Co.', 'Quarry Street Books', 'Luma Yoga Studio', 'Redwood Hardware', 'Saffron Kitchen',
  'Tidewater Surf Shop', 'Copperline Salon', 'Little Acorn Toys', 'Brass Lantern Pub', 'Ferris Wheel Games',
  'Greenhouse Grocers', 'Juniper Pet Supply', 'Old Mill Coffee Roasters', 'Summit Climbing Gym', 'Velvet Needle Tailors',
];
const PLAN = ['Starter', 'Growth', 'Pro', 'Enterprise'];
/** Screens that list things: they can be opened, exported and filtered. */
const AREA = [
  'the invoices page', 'the customer list', 'the sales history', 'the bookings calendar', 'purchase orders',
  'gift card balances', 'staff timesheets', 'the product catalog', 'the stock report', 'the loyalty members list',
];
const INTEGRATION = ['Shopify', 'QuickBooks', 'Xero', 'Stripe', 'Slack', 'Zapier', 'Mailchimp', 'HubSpot', 'Google Calendar'];
const MISSING_INTEGRATION = ['WooCommerce', 'NetSuite', 'Sage', 'FreshBooks', 'Deliveroo', 'Squarespace', 'Toast', 'Lightspeed'];
const CLIENT = [
  'Chrome on Windows', 'Safari 17 on a MacBook', 'Firefox', 'Edge', 'the iPad app (v4.12)', 'the Android app (v4.9)',
  'the iPhone app', 'two different laptops',
];
const ERROR = [
  '"Something went wrong, please try again"', '500 Internal Server Error', 'ERR_SYNC_TIMEOUT',
  '"Request failed with status code 422"', 'a blank white page', 'error 4012', '"Session expired" over and over',
  '"Unable to reach Ledgerly servers"',
];
const COUNTRY = ['Canada', 'Ireland', 'Germany', 'Australia', 'Mexico', 'the Netherlands', 'Norway', 'South Africa', 'Japan'];
const FIELD = ['staff member', 'payment method', 'location', 'tag', 'supplier', 'date range and category', 'customer group'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const ordinal = (n: number): string => {
  const rem = n % 100;
  if (rem >= 11 && rem <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

const SLOTS: Readonly<Record<string, (rng: Rng) => string>> = {
  name: (r) => pick(r, FIRST),
  fullname: (r) => `${pick(r, FIRST)} ${pick(r, LAST)}`,
  name2: (r) => pick(r, FIRST),
  agent: (r) => pick(r, FIRST),
  company: (r) => pick(r, COMPANY),
  plan: (r) => pick(r, PLAN),
  area: (r) => pick(r, AREA),
  integration: (r) => pick(r, INTEGRATION),
  missing: (r) => pick(r, MISSING_INTEGRATION),
  client: (r) => pick(r, CLIENT),
  error: (r) => pick(r, ERROR),
  country: (r) => pick(r, COUNTRY),
  field: (r) => pick(r, FIELD),
  month: (r) => pick(r, MONTHS),
  amount: (r) => `$${money(pick(r, [2900, 4900, 7900, 9900, 14900, 19900, 34800, 58800, 94800, 118800]) + (chance(r, 0.3) ? int(r, 1, 99) : 0))}`,
  amount2: (r) => `$${money(int(r, 30, 4200) * 100 + int(r, 0, 99))}`,
  // Every form reads right after "on", "since" and "after".
  date: (r) => pick(r, [`${pick(r, MONTHS)} ${int(r, 1, 28)}`, `the ${ordinal(int(r, 1, 28))}`, pick(r, WEEKDAYS), `${pick(r, MONTHS)} ${ordinal(int(r, 1, 28))}`]),
  pct: (r) => String(pick(r, [8, 10, 12, 15, 20, 25])),
  time: (r) => `${int(r, 6, 11)}:${pick(r, ['00', '05', '15', '20', '30', '40', '45', '50'])} ${pick(r, ['am', 'AM', 'this morning'])}`,
  count: (r) => String(pick(r, [2, 3, 4, 5, 6, 8, 12, 15, 20, 35, 60, 140])),
  invno: (r) => `INV-${int(r, 10, 99)}${int(r, 100, 999)}`,
  order: (r) => `LB-${int(r, 100_000, 999_999)}`,
  tracking: (r) => `1Z${int(r, 100, 999)}E${int(r, 10_000_000, 99_999_999)}`,
  vat: (r) => `${pick(r, ['GB', 'IE', 'DE', 'NL'])}${int(r, 100_000_000, 999_999_999)}`,
  device: (r) => pick(r, ['card reader', 'Reader S2', 'receipt printer', 'cash drawer', 'barcode scanner', 'Terminal Go']),
  email: (r) => `${pick(r, FIRST).toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@${pick(r, ['gmail.com', 'outlook.com', 'shopmail.net', 'proton.me'])}`,
};

/** Fills `{slot}`s; a slot keeps one value per record, so "{name}" twice is the same person. */
function filler(rng: Rng): (text: string) => string {
  const chosen = new Map<string, string>();
  return (text) =>
    text.replace(/\{(\w+)\}/g, (_m, slot: string) => {
      const make = SLOTS[slot];
      if (!make) throw new Error(`unknown slot {${slot}} in "${text}"`);
      let v = chosen.get(slot);
      if (v === undefined) {
        v = make(rng);
        chosen.set(slot, v);
      }
      return v;
    });
}

// ---------------------------------------------------------------- ticket triage

type TriageLabel = 'billing' | 'bug' | 'account' | 'feature_request' | 'outage' | 'other';

interface Scenario {
  /** Inherent ambiguity: how easily the ticket passes for another label. */
  base: number;
  subjects: readonly string[];
  bodies: readonly string[];
  /** One-liners written in a hurry: fewer cues, so harder. */
  terse: readonly string[];
  /** Written by someone who is not a customer, so no "we run a shop on Ledgerly" context line. */
  outsider?: boolean;
}

const TRIAGE: Readonly<Record<TriageLabel, readonly Scenario[]>> = {
  billing: [
    {
      base: 0.06,
      subjects: ['Charged twice this month', 'Duplicate charge on our card', 'Why was I billed two times?', 'double billing'],
      bodies: [
        'I was charged {amount} twice on {date} for our {plan} plan. Can you refund the duplicate?',
        'Our card statement shows two identical charges of {amount} from Ledgerly, both dated {date}. We only have one workspace, so one of them has to be a mistake. Please reverse it and confirm by email.',
        'Looking at the bank feed I see the {plan} subscription taken twice ({amount} each). Is this a pre-authorisation that will drop off, or do I need to ask for a refund?',
      ],
      terse: ['charged twice again. {amount} x2. refund pls', 'two charges of {amount} on {date}??'],
    },
    {
      base: 0.12,
      subjects: ['Refund after cancelling', 'Billed after cancellation', 'Still being charged', 'Cancelled but paid anyway'],
      bodies: [
        'I cancelled our {plan} subscription on {date} but was still billed {amount} for the next period. I would like that refunded, please.',
        'We closed our second location and cancelled its plan before the renewal date, yet {amount} came out of our account on {date}. Could you refund it and make sure nothing else renews?',
      ],
      terse: ['cancelled in {month}, charged {amount} anyway. want it back'],
    },
    {
      base: 0.2,
      subjects: ['VAT number missing on invoice', 'Invoice needs our company details', 'Reissue invoice {invno}', 'Invoice correction'],
      bodies: [
        'Our accountant needs our VAT number on the invoices. Invoice {invno} only shows the shop name, not "{company} Ltd, VAT {vat}". Can you reissue it with the full details?',
        'The invoice for {month} is addressed to my personal name instead of {company}. Our bookkeeper won\'t accept it like this. Please send a corrected copy with the business name and VAT ID {vat}.',
      ],
      terse: ['need invoice {invno} reissued with VAT {vat}'],
    },
    {
      base: 0.16,
      subjects: ['Question about the price increase', 'New pricing - does it affect us?', 'Plan price going up?'],
      bodies: [
        'We got an email saying the {plan} plan price goes up by {pct}% in {month}. Does that apply to annual customers too, or only monthly?',
        'Just read the pricing announcement. We\'re on {plan}, paid yearly. Will our renewal in {month} be at the old price or the new one? Need to budget for it.',
      ],
      terse: ['does the new {plan} price apply to annual plans?'],
    },
    {
      base: 0.18,
      subjects: ['Update card on file', 'Payment failed', 'Renewal payment declined', 'How do I change the billing card?'],
      bodies: [
        'Our company card expired and the renewal of {amount} failed on {date}. How do I put the new card on file before the account gets suspended?',
        'The billing page says "Payment method declined" but the card works everywhere else. We want to switch to paying by bank transfer instead, is that possible on {plan}?',
      ],
      terse: ['renewal declined, new card, where do I update it'],
    },
    {
      base: 0.24,
      subjects: ['Invoice jumped after adding staff', 'Seat charges?', 'Why is this invoice so high'],
      bodies: [
        'We added {count} staff seats last month and the next invoice came to {amount2}. Are seats prorated? Nobody told us each seat costs extra on {plan}.',
        'Invoice {invno} is more than double what we normally pay. I think it is the extra locations, but the line items don\'t say. Can someone walk me through the charges?',
      ],
      terse: ['invoice {invno} is way higher than usual, explain?'],
    },
  ],
  bug: [
    {
      base: 0.1,
      subjects: ['CSV export is empty', 'Export not working', 'Exported file has no rows', 'export broken?'],
      bodies: [
        'When I export {area} to CSV the file only has the header row, no data. I tried in {client} and got the same thing. Other exports work fine.',
        'Exporting {area} for {month} produces a file with the right columns but zero rows, even though the screen shows {count} entries. Happens every time since {date}.',
      ],
      terse: ['export of {area} is empty. header only.'],
    },
    {
      base: 0.12,
      subjects: ['{integration} sync failing', 'Sync error every night', '{integration} integration stopped syncing'],
      bodies: [
        'The {integration} sync has failed every night since {date} with {error}. Our stock counts are now off by {count} items and we have to fix them by hand.',
        'Since {date} the {integration} connection shows a red "sync failed" badge. Reconnecting it works for an hour and then it fails again with {error}. Nothing changed on our side.',
      ],
      terse: ['{integration} sync broken since {date}, {error}'],
    },
    {
      base: 0.3,
      subjects: ['Report totals don\'t match', 'Sales report wrong', 'Numbers on end-of-day report are off'],
      bodies: [
        'The daily sales report says we took {amount2} on {date}, but the till summary for the same day says {amount}. One of them is wrong and I can\'t tell which.',
        'Refunds are being counted twice in the monthly report. For {month} it shows {amount2} in refunds but we only issued {count} refunds, worth far less. Our accountant is waiting on these figures.',
      ],
      terse: ['end-of-day report total doesnt match the till'],
    },
    {
      base: 0.08,
      subjects: ['App crashes', 'Crash when opening {area}', 'iPad app keeps closing', 'Android app crash'],
      bodies: [
        'The app crashes as soon as I open {area}. I have reinstalled it twice and restarted the tablet. The web version works.',
        'Every time a cashier taps "Split bill" the app freezes and closes. Happens on {client}, not on the older tablet. We\'ve had to ring up split bills by hand all week.',
      ],
      terse: ['app crashes on {area}, reinstalled, still crashes'],
    },
    {
      base: 0.22,
      subjects: ['Customers not getting receipts', 'Email receipts not sending', 'Receipts stopped arriving'],
      bodies: [
        'Customers stopped getting their email receipts after {date}. The setting is on, the addresses are right, and nothing is in the sent log. Other shops I know on Ledgerly don\'t have this problem.',
        'Receipts sent from the iPad never arrive, but receipts sent from the web dashboard do. I tested with my own address, {email}.',
      ],
      terse: ['email receipts not arriving since {date}'],
    },
    {
      base: 0.36,
      subjects: ['Invoice PDF cut off', 'Invoice shows wrong total', 'Problem with invoice {invno}'],
      bodies: [
        'The PDF for invoice {invno} cuts off the last line item, so the total at the bottom doesn\'t match the lines above it. My client thinks we overcharged them. The invoice looks fine on screen.',
        'When I send an invoice to a client the discount line disappears in the PDF, so the client sees the full price. It happened on {invno} and two others this week.',
      ],
      terse: ['invoice PDFs missing the discount line'],
    },
  ],
  account: [
    {
      base: 0.16,
      subjects: ['Password reset email not arriving', 'Can\'t reset my password', 'No reset link'],
      bodies: [
        'I requested a password reset three times and no email has arrived. I checked spam and the address is {email}. Everyone else on our team can log in fine.',
        'The "forgot password" link says an email has been sent, but nothing comes. My login is {email}. I\'m the only one affected as far as I know.',
      ],
      terse: ['no password reset email. {email}'],
    },
    {
      base: 0.1,
      subjects: ['Lost my phone - 2FA', 'Locked out by two-factor', 'New phone, no authenticator codes'],
      bodies: [
        'I got a new phone and lost my authenticator app, so I can\'t get past two-factor. I still have access to {email}. How do I get back in?',
        'Our manager\'s phone was stolen and it had the 2FA codes for the owner login. We need to reset two-factor on that account so she can sign in again.',
      ],
      terse: ['lost 2FA device, cant log in'],
    },
    {
      base: 0.08,
      subjects: ['Transfer account ownership', 'Change account owner', 'Owner left the company'],
      bodies: [
        'Our owner, {name2}, has left the business. How do we transfer ownership of the Ledgerly account to me? I\'m already an admin.',
        'Please make {fullname} the account owner for {company}. I\'m selling the shop and the new owner takes over on {date}.',
      ],
      terse: ['need to make {name2} the account owner'],
    },
    {
      base: 0.1,
      subjects: ['Change login email', 'Update my email address', 'New email for my account'],
      bodies: [
        'Please change my login email from {email} to my new work address. I no longer have access to the old mailbox after {date}.',
        'We moved to a new domain. How do I update the sign-in email for all {count} staff accounts without them losing their history?',
      ],
      terse: ['change my login email pls'],
    },
    {
      base: 0.3,
      subjects: ['Close our account and delete data', 'Delete account', 'Account deletion request'],
      bodies: [
        'We are closing the shop at the end of {month}. Please delete our account and all the customer data you hold, and confirm in writing once it is done.',
        'Under GDPR I\'m asking you to delete my personal account and send me a copy of the data you have about me first.',
      ],
      terse: ['please delete our account + all data'],
    },
    {
      base: 0.38,
      subjects: ['SSO setup failing', 'Okta SSO error', 'Trouble connecting single sign-on'],
      bodies: [
        'We\'re connecting Okta SSO for our {count} staff. The test login fails with {error} and the docs don\'t mention it. We\'re on {plan}, which I thought includes SSO.',
        'After switching on Google SSO, two of our managers can no longer sign in - they get bounced back to the login page. Everyone else is fine. How do we fix their accounts?',
      ],
      terse: ['SSO test login fails: {error}'],
    },
  ],
  feature_request: [
    {
      base: 0.1,
      subjects: ['Filter {area} by {field}', 'Suggestion: more filters', 'Feature idea for {area}'],
      bodies: [
        'It would be great if {area} could be filtered by {field}. Right now we export everything and filter in a spreadsheet.',
        'Small request: could you let us save filters on {area}? We use the same three every morning and have to set them up again each time.',
      ],
      terse: ['please add a {field} filter to {area}'],
    },
    {
      base: 0.1,
      subjects: ['{missing} integration?', 'Any plans for {missing}?', 'Integration request: {missing}'],
      bodies: [
        'Any plans for a {missing} integration? We\'d move all {count} of our locations to Ledgerly if there was one.',
        'We use {missing} for our online shop. Is a native integration on the roadmap? Zapier works but it\'s slow and costs extra.',
      ],
      terse: ['{missing} integration when?'],
    },
    {
      base: 0.14,
      subjects: ['Bulk edit please', 'Editing items one by one takes forever', 'Request: bulk price changes'],
      bodies: [
        'Please add bulk editing to the product catalog. Updating {count} prices one at a time took me a whole evening.',
        'When suppliers change prices we have to open every product separately. A "select all, raise by 5%" option would save us hours each month.',
      ],
      terse: ['bulk edit for products would be nice'],
    },
    {
      base: 0.36,
      subjects: ['Phone number missing from export', 'Export should include more columns', 'Customer export columns'],
      bodies: [
        'The customer CSV export doesn\'t include the phone number column, even though we store phone numbers. Could you add it? Our SMS tool needs it.',
        'The timesheet export only has hours, not the break times. Could breaks be added as a column? We need them for payroll.',
      ],
      terse: ['export doesnt have phone numbers, can u add'],
    },
    {
      base: 0.2,
      subjects: ['Scheduled reports', 'Email reports automatically?', 'Weekly report by email'],
      bodies: [
        'Can we schedule reports to be emailed every Monday? At the moment I log in and download the same report each week.',
        'Would love an option to send the end-of-day report to our accountant automatically. Is that something you could build?',
      ],
      terse: ['can reports be emailed automatically every week?'],
    },
    {
      base: 0.22,
      subjects: ['Multi-currency invoicing', 'Invoices in other currencies', 'Selling abroad'],
      bodies: [
        'We\'ve started selling to customers in {country}. Is multi-currency invoicing on the roadmap? Converting by hand is error-prone.',
        'Please let us show prices in two currencies on receipts. Lots of tourists ask what the total is in their own currency.',
      ],
      terse: ['multi currency support?'],
    },
  ],
  outage: [
    {
      base: 0.08,
      subjects: ['Is Ledgerly down?', 'Dashboard not loading for anyone', 'DOWN', 'Site down for our whole team'],
      bodies: [
        'Nobody on our team can load the dashboard. Everyone gets {error}, on office wifi and on mobile data. Is Ledgerly down?',
        'Ledgerly won\'t load at all since {time}. Three of us have tried on different devices and networks. Your status page still says all systems operational.',
      ],
      terse: ['whole site down for us since {time}', 'is ledgerly down?? nothing loads'],
    },
    {
      base: 0.12,
      subjects: ['All readers offline', 'Card readers offline at every location', 'Can\'t take card payments anywhere'],
      bodies: [
        'Card readers at all {count} of our locations show "offline" since {time}. We cannot take card payments anywhere. Please tell us what is going on.',
        'Every reader in the shop dropped offline at the same moment this morning and none will reconnect. A friend who runs a café across town says hers are down too.',
      ],
      terse: ['all readers offline at every store since {time}'],
    },
    {
      base: 0.16,
      subjects: ['API returning 503', 'API down', 'All API calls failing'],
      bodies: [
        'Every request to the public API has returned 503 since {time} UTC, from two different servers and regions. Our online orders are stuck.',
        'Our integration can\'t reach the API at all: all endpoints time out, including the health check. This started around {time}.',
      ],
      terse: ['API 503 on every call since {time}'],
    },
    {
      base: 0.32,
      subjects: ['Nobody can log in', 'Login page spinning', 'Can\'t sign in - whole office'],
      bodies: [
        'The login page just spins for everyone in our office, and for me at home too. We\'ve tried {count} different accounts. Nothing has changed on our side.',
        'None of our staff can sign in this morning, on any device. The password is right; the page never finishes loading. Other websites work fine.',
      ],
      terse: ['login broken for all our staff'],
    },
    {
      base: 0.34,
      subjects: ['Everything extremely slow', 'Checkout timing out everywhere', 'Ledgerly unusable right now'],
      bodies: [
        'Every page takes over a minute to load and checkout times out for all our cashiers at every till. It started at {time} and we have a queue out the door.',
        'Since about {time} nothing saves: sales, stock updates, timesheets, all of it spins and fails. Our other location reports exactly the same.',
      ],
      terse: ['everything timing out, all tills'],
    },
  ],
  other: [
    {
      base: 0.1,
      outsider: true,
      subjects: ['Partnership enquiry', 'Reseller programme?', 'Working together'],
      bodies: [
        'I run a small agency that sets up shop systems for independent retailers. Do you have a reseller or referral programme we could join?',
        'We build accounting software for restaurants and think our customers would love a Ledgerly connector. Who would be the right person to talk to about a partnership?',
      ],
      terse: ['who handles partnerships?'],
    },
    {
      base: 0.08,
      subjects: ['Thank you!', 'Great support from {agent}', 'Just a thank-you'],
      bodies: [
        'Just wanted to say thank you to {agent}, who sorted out our setup yesterday. Really patient and clear. No action needed!',
        'We\'ve been on Ledgerly for two years now and it just works. Passing on a big thanks to the team.',
      ],
      terse: ['thanks {agent}, you were great!'],
    },
    {
      base: 0.24,
      subjects: ['Security questionnaire', 'SOC 2 report request', 'Vendor security review'],
      bodies: [
        'Our new franchise owner requires a vendor security review. Could you send your SOC 2 report and fill in the attached questionnaire by {date}?',
        'Where is customer card data stored, and is Ledgerly PCI DSS compliant? Our insurer is asking and I need something in writing.',
      ],
      terse: ['need your SOC 2 report for our vendor review'],
    },
    {
      base: 0.12,
      outsider: true,
      subjects: ['Podcast invitation', 'Job application', 'Press enquiry'],
      bodies: [
        'I host a podcast about independent retail and would love to interview someone from Ledgerly about how small shops are adopting card payments.',
        'I\'m a student and would love to intern on your support team next summer. Who should I send my CV to?',
      ],
      terse: ['who do I contact about a press interview?'],
    },
    {
      base: 0.34,
      outsider: true,
      subjects: ['Before we sign up', 'Questions from a prospective customer', 'Evaluating Ledgerly'],
      bodies: [
        'We\'re a chain of {count} cafés evaluating Ledgerly against our current system. Do you offer on-site onboarding, and what would the {plan} plan cost us per location?',
        'We don\'t have an account yet. Does Ledgerly work offline if the internet drops, and can we bring our existing card readers?',
      ],
      terse: ['not a customer yet - do you do onsite training?'],
    },
    {
      base: 0.3,
      subjects: ['How do I print a Z report?', 'Where do I find the API docs?', 'Quick how-to question'],
      bodies: [
        'Quick question, nothing is broken: how do I print the end-of-day Z report from the iPad? I can only find it on the web dashboard.',
        'Where can I find the documentation for webhooks? The developer page links to the REST API reference but I can\'t see the event list.',
      ],
      terse: ['how do I print a z report'],
    },
  ],
};

const TRIAGE_WEIGHTS: Readonly<Record<TriageLabel, number>> = {
  billing: 20, bug: 22, account: 18, feature_request: 14, outage: 11, other: 15,
};

/** Side remarks from another topic: the ticket's label stays with its main request. */
const ASIDES: Readonly<Record<Exclude<TriageLabel, 'outage'>, readonly string[]>> = {
  billing: [
    'Also, unrelated: could you resend last month\'s invoice? I can\'t find it.',
    'P.S. our card on file changes next month, so heads-up for the renewal.',
    'Separately, I think we were overcharged a little in {month}, but that can wait.',
  ],
  bug: [
    'Side note: the search box on the customer list has been glitchy too.',
    'Also the iPad app logged me out twice today, not sure if that\'s related.',
    'P.S. the dark/light toggle doesn\'t remember my setting, minor thing.',
  ],
  account: [
    'And while I have you, can you add {name2} as an admin?',
    'Also, I still need to change the email on my login at some point.',
    'P.S. please remove {name2} from our users, she left in {month}.',
  ],
  feature_request: [
    'And while I have you - a dark mode would be lovely.',
    'Also, it would be great if receipts could show our Instagram handle.',
    'One wish for the roadmap: let us reorder the buttons on the checkout screen.',
  ],
  other: [
    'By the way, {agent} on your team was brilliant last time.',
    'Also, do you have a referral programme? A friend wants to sign up.',
    'Unrelated: are you hiring for support roles?',
  ],
};

const OPENERS = ['Hi,', 'Hello,', 'Hi team,', 'Hey there -', 'Good morning,', 'Dear Ledgerly support,', 'Hi {agent},', 'Hiya,'];
const CONTEXT = [
  'We run {company} and have used Ledgerly for about two years.',
  'I\'m the manager at {company} ({plan} plan).',
  'Our bookkeeper asked me to write in.',
  'Writing on behalf of {company}, {count} staff.',
  'Long-time customer here, first time writing in.',
  'Not sure if this is the right place for this.',
];
/** Sentences that add length but no label cue. */
const ASIDES_NEUTRAL = [
  'Sorry for the long email.',
  'I\'ve attached a screenshot in case it helps.',
  'We\'re a small team, so I\'m writing this between customers.',
  'Happy to jump on a call if that\'s easier; I\'m in the shop from 8 till 4, Monday to Saturday.',
  'Our account is under {company}, if you need to look it up.',
  'For context, we have {count} staff and most of our sales are card payments.',
  'My colleague {name2} is copied in, so feel free to reply to either of us.',
];
const CLOSERS = ['Thanks,\n{name}', 'Regards,\n{fullname}', '- {name}', 'Cheers, {name}', 'Thank you!', '{fullname}\n{company}', 'Thanks in advance.'];

function triageTicket(rng: Rng, label: TriageLabel): { subject: string; body: string; score: number } {
  const fill = filler(rng);
  const sc = pick(rng, TRIAGE[label]);
  let score = sc.base + (rng() - 0.5) * 0.08;
  let subject = pick(rng, sc.subjects);
  const parts: string[] = [];

  if (chance(rng, 0.14)) {
    parts.push(pick(rng, sc.terse));
    score += 0.1;
    if (chance(rng, 0.3)) subject = subject.toLowerCase();
  } else {
    if (chance(rng, 0.75)) parts.push(pick(rng, OPENERS));
    if (!sc.outsider && chance(rng, 0.35)) parts.push(pick(rng, CONTEXT));
    parts.push(pick(rng, sc.bodies));
    if (!sc.outsider && chance(rng, 0.28)) {
      const other = pick(rng, Object.keys(ASIDES).filter((k) => k !== label) as (keyof typeof ASIDES)[]);
      parts.push(pick(rng, ASIDES[other]));
      score += 0.22 + rng() * 0.1;
    }
    for (const extra of shuffle(rng, ASIDES_NEUTRAL).slice(0, chance(rng, 0.25) ? int(rng, 1, 3) : 0)) parts.push(extra);
    if (chance(rng, 0.8)) parts.push(pick(rng, CLOSERS));
  }
  if ((label === 'billing' || label === 'bug' || label === 'account') && chance(rng, 0.08)) {
    // A shouting subject on a routine ticket pulls readers towards "outage".
    subject = `URGENT: ${subject}`;
    score += 0.08;
  } else if (chance(rng, 0.07)) {
    subject = `Re: ${subject}`;
  }
  const glue = pick(rng, ['\n\n', '\n\n', '\n', ' ']);
  const body = parts.map(fill).join(glue);
  return { subject: fill(subject), body, score };
}

function ticketTriage(): string {
  const rng = streamFor('ticket-triage');
  const seen = new Set<string>();
  const tickets = Array.from({ length: 300 }, () => {
    const label = weighted(rng, TRIAGE_WEIGHTS);
    return { label, ...unique(seen, (t) => t.body, () => triageTicket(rng, label)) };
  });
  const difficulty = percentiles(tickets.map((t) => t.score));
  const rows = tickets.map((t, i) => ({ id: `tt-${String(i + 1).padStart(4, '0')}`, subject: t.subject, body: t.body, label: t.label, difficulty: difficulty[i]! }));
  return toCsv(['id', 'subject', 'body', 'label', 'difficulty'], rows);
}

// ---------------------------------------------------------------- support reply

type Category = 'billing' | 'technical' | 'account' | 'shipping';
type Priority = 'low' | 'normal' | 'urgent';

interface ReplyScenario {
  category: Category;
  priority: Priority;
  base: number;
  messages: readonly string[];
}

const REPLY: readonly ReplyScenario[] = [
  // billing
  { category: 'billing', priority: 'urgent', base: 0.14, messages: [
    'You charged us {amount} three times this morning and our business account is now overdrawn. Rent goes out tomorrow. Please reverse the extra charges today.',
    'Our payout from last week never arrived. {amount2} of card sales are missing and I need to pay suppliers on Friday. Where is the money?',
  ] },
  { category: 'billing', priority: 'normal', base: 0.1, messages: [
    'Could you refund the {amount} charge from {date}? We downgraded from {plan} before the renewal date.',
    'Invoice {invno} charges us for {count} locations but we only have two. Can you correct it and credit the difference?',
  ] },
  // Mentions a delivery, but the ask is a refund of a charge.
  { category: 'billing', priority: 'normal', base: 0.42, messages: [
    'We were charged for shipping on our second {device} even though the order page said delivery was free. Could you refund the shipping fee?',
    'Order {order} arrived fine, but we paid {amount2} for express delivery and it took a week. Can we get the express part back?',
  ] },
  { category: 'billing', priority: 'low', base: 0.1, messages: [
    'Is it possible to switch to annual billing? I\'d rather pay once a year.',
    'Where do I download past receipts for our subscription? Our accountant wants them for the year end.',
    'Do you offer a discount for registered charities? We\'re a community café.',
  ] },
  // technical
  { category: 'technical', priority: 'urgent', base: 0.1, messages: [
    'The {device} says "Reader disconnected" on every sale and we have a queue out the door. Nothing I try reconnects it.',
    'The app won\'t let us take any payments: every sale fails with {error}. Saturday is our busiest day. Please help now.',
  ] },
  { category: 'technical', priority: 'normal', base: 0.14, messages: [
    'The stock sync with {integration} has been skipping some products since {date}. About {count} items are out of step.',
    'The end-of-day report shows the wrong tax total for {date}. The individual sales look right.',
  ] },
  // Mentions a delivery, but the problem is the device not working.
  { category: 'technical', priority: 'normal', base: 0.36, messages: [
    'Our new {device} arrived yesterday but it won\'t pair with the iPad. The old one pairs fine.',
    'The replacement {device} you shipped turns on but never shows up in the app. Order {order}.',
  ] },
  { category: 'technical', priority: 'low', base: 0.12, messages: [
    'How do I set up a discount code that only works on weekdays?',
    'Is there a way to change the font size on printed receipts?',
    'Can the customer-facing display show our logo? I couldn\'t find the setting.',
  ] },
  // account
  { category: 'account', priority: 'urgent', base: 0.16, messages: [
    'Someone changed the bank details on our Ledgerly account last night and it wasn\'t me or my partner. Please lock the account before any payout goes out.',
    'I just got a login alert from a country I\'ve never been to and my password no longer works. I think we\'ve been hacked.',
  ] },
  { category: 'account', priority: 'normal', base: 0.12, messages: [
    'Please transfer ownership of our account to my business partner, {fullname}. I\'m stepping back from the shop.',
    'I\'m locked out after too many password attempts and the reset email isn\'t arriving. My login is {email}.',
    'Our former manager {name2} still has admin access and I can\'t remove her - the button is greyed out.',
  ] },
  { category: 'account', priority: 'low', base: 0.2, messages: [
    'How do I add a new staff member who can ring up sales but not see reports?',
    'We\'re rebranding next quarter. How do we change the business name that shows on receipts and invoices?',
    'Can I have two separate logins for my two shops, or does it have to be one account?',
  ] },
  // shipping
  { category: 'shipping', priority: 'urgent', base: 0.18, messages: [
    'Our replacement {device} was due yesterday and hasn\'t arrived. Our only one is broken and we open a market stall at 7am tomorrow. Order {order}.',
    'The courier says our order {order} was delivered but it wasn\'t - it\'s our only {device} and we open for the season tomorrow.',
  ] },
  { category: 'shipping', priority: 'normal', base: 0.1, messages: [
    'The tracking number {tracking} hasn\'t updated in six days. Is order {order} lost?',
    'Our {device} arrived with a cracked case. Can you send a replacement? Order {order}.',
    'You sent two receipt printers but we ordered one {device} and one printer. How do I swap it?',
  ] },
  { category: 'shipping', priority: 'low', base: 0.1, messages: [
    'Can you ship to a PO box, or does it need a street address?',
    'Do you ship {device}s to {country}? We\'re opening a second shop there next year.',
    'How long does standard delivery usually take for a {device}? Not urgent, just planning.',
  ] },
];

/** Tone that points the wrong way: shouting over a small problem, or calm over a stopped till. */
const ANGRY: Readonly<Record<'normal' | 'low', readonly string[]>> = {
  normal: [
    'This is the THIRD time I\'m writing about this.',
    'Honestly, this is not acceptable for what we pay.',
    'I am extremely frustrated right now!!',
    'If this isn\'t fixed I\'m cancelling.',
  ],
  low: [
    'This is the THIRD time I\'m asking this.',
    'Your help centre is useless on this, so here I am AGAIN.',
    'Nobody answered my last two emails about this!',
  ],
};
const CALM = [
  'No rush, and sorry to bother you, but',
  'Not sure if this is a big deal, but',
  'Probably nothing serious -',
  'Whenever someone has a moment:',
];
const REPLY_ASIDES: Readonly<Record<Category, readonly string[]>> = {
  billing: ['Also, can I get invoices emailed to our bookkeeper?', 'Unrelated: what does the Pro plan cost per year?'],
  technical: ['Also, how do I turn off the beep on the scanner?', 'Side question: can the app print in landscape?'],
  account: ['Also, how do I change my display name?', 'While I\'m here, can I add a second admin?'],
  shipping: ['Also, do you ship spare paper rolls?', 'Side question: can I change my delivery address for future orders?'],
};
const GREETINGS = ['Hi,', 'Hello there,', 'Hi Ledgerly,', 'Hey,', 'Good afternoon,'];
const SIGNOFFS = ['Thanks, {name}', '{fullname}, {company}', '- {name} ({company})', 'Thank you', 'Sent from my iPhone'];

function supportMessage(rng: Rng): { sc: ReplyScenario; message: string; score: number } {
  const fill = filler(rng);
  const sc = pick(rng, REPLY);
  let score = sc.base + (rng() - 0.5) * 0.08;
  const parts: string[] = [];
  if (chance(rng, 0.6)) parts.push(pick(rng, GREETINGS));
  let message = pick(rng, sc.messages);
  if (sc.priority === 'urgent' && chance(rng, 0.3)) {
    const lowered = /^I\b/.test(message) ? message : `${message[0]!.toLowerCase()}${message.slice(1)}`;
    message = `${pick(rng, CALM)} ${lowered}`;
    score += 0.28;
  } else if (sc.priority !== 'urgent' && chance(rng, 0.22)) {
    message = `${pick(rng, ANGRY[sc.priority])} ${message}`;
    score += 0.24;
  }
  parts.push(message);
  if (sc.priority !== 'low' && chance(rng, 0.2)) {
    // A low-priority side question never outranks the main issue.
    const other = pick(rng, (Object.keys(REPLY_ASIDES) as Category[]).filter((c) => c !== sc.category));
    parts.push(pick(rng, REPLY_ASIDES[other]));
    score += 0.18;
  }
  if (chance(rng, 0.65)) parts.push(pick(rng, SIGNOFFS));
  return { sc, message: parts.map(fill).join(pick(rng, ['\n\n', '\n', ' '])), score };
}

function supportReply(): string {
  const rng = streamFor('support-reply');
  const seen = new Set<string>();
  const drawn = Array.from({ length: 260 }, () => ({ ...unique(seen, (m) => m.message, () => supportMessage(rng)), plan: pick(rng, PLAN) }));
  const difficulty = percentiles(drawn.map((m) => m.score));
  const rows = drawn.map((m, i) => ({
    id: `sr-${String(i + 1).padStart(4, '0')}`,
    customer_message: m.message,
    plan: m.plan,
    category: m.sc.category,
    priority: m.sc.priority,
    difficulty: difficulty[i]!,
  }));
  return toJsonl(['id', 'customer_message', 'plan', 'category', 'priority', 'difficulty'], rows);
}

// ---------------------------------------------------------------- report drafting

const REGIONS = [
  'Pacific Northwest', 'US Northeast', 'US Southwest', 'Canada', 'Mexico', 'Brazil', 'Andean', 'UK & Ireland',
  'Benelux', 'DACH', 'Nordics', 'Iberia', 'France', 'Italy', 'Central Europe', 'Middle East', 'India',
  'Southeast Asia', 'Japan', 'Australia & NZ', 'Southern Africa',
];
const INCOME = [
  'Widgets', 'Subscriptions', 'Support plans', 'Hardware sales', 'Card readers', 'Receipt printers', 'Professional services',
  'Onboarding fees', 'Training', 'Add-on modules', 'Payment processing', 'Gift card sales', 'Shipping fees', 'Extended warranties',
  'Licenses', 'Consulting',
];
const DEDUCTIONS = ['Refunds', 'Chargebacks', 'Discounts', 'Credits issued', 'Partner commissions', 'Write-offs', 'Promotional credits', 'Currency adjustments'];

/** Log-uniform cents between lo and hi dollars; round figures are common in real ledgers. */
function amountCents(rng: Rng, lo: number, hi: number): number {
  const dollars = Math.floor(Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo))));
  return dollars * 100 + (chance(rng, 0.25) ? 0 : pick(rng, [25, 50, 75, int(rng, 1, 99)]));
}

function monthlyLedger(rng: Rng): { region: string; month: string; line_items: string; total: string; score: number } {
  const tier = rng();
  const n = 3 + Math.min(6, Math.floor(tier * 7));
  const negatives = tier < 0.3 ? 0 : tier < 0.55 ? int(rng, 0, 1) : Math.min(n - 2, int(rng, 1, 3));
  const big = tier > 0.4 && chance(rng, 0.5);
  const income = shuffle(rng, INCOME)
    .slice(0, n - negatives)
    .map((name) => ({ name, cents: amountCents(rng, 80, big ? 48_000 : 6_000) }));
  const gross = income.reduce((s, it) => s + it.cents, 0);
  // At most three deductions of at most 16% of gross each, so every month closes positive.
  const deductions = shuffle(rng, DEDUCTIONS)
    .slice(0, negatives)
    .map((name) => ({ name, cents: -Math.max(100, Math.floor((gross * (0.02 + rng() * 0.14)) / 100) * 100 + int(rng, 0, 99)) }));
  const items = shuffle(rng, [...income, ...deductions]);
  const total = items.reduce((s, it) => s + it.cents, 0);
  return {
    region: pick(rng, REGIONS),
    month: `${int(rng, 2024, 2025)}-${String(int(rng, 1, 12)).padStart(2, '0')}`,
    line_items: items.map((it) => `${it.name}: ${money(it.cents)}`).join('; '),
    total: money(total).replace(/,/g, ''),
    // More items, more signs to track and bigger figures make the sum harder to get right.
    score: 0.08 * (n - 3) + 0.07 * negatives + (big ? 0.06 : 0) + (rng() - 0.5) * 0.06,
  };
}

function reportDrafting(): string {
  const rng = streamFor('report-drafting');
  const seen = new Set<string>();
  const ledgers = Array.from({ length: 220 }, () => unique(seen, (l) => l.line_items, () => monthlyLedger(rng)));
  const difficulty = percentiles(ledgers.map((l) => l.score));
  const rows = ledgers.map(({ score: _score, ...l }, i) => ({ id: `rd-${String(i + 1).padStart(4, '0')}`, ...l, difficulty: difficulty[i]! }));
  return toCsv(['id', 'region', 'month', 'line_items', 'total', 'difficulty'], rows);
}

// ---------------------------------------------------------------- entry point

/** File name -> exact contents. */
export function buildDatasets(): Record<string, string> {
  return {
    'ticket-triage.csv': ticketTriage(),
    'support-reply.jsonl': supportReply(),
    'report-drafting.csv': reportDrafting(),
  };
}

const USAGE = 'usage: node scripts/make-datasets.ts [--out <dir>]';

/** Writes the datasets and returns the paths written. */
export function main(argv: readonly string[]): string[] {
  let outDir = fileURLToPath(new URL('../datasets/', import.meta.url));
  for (let i = 0; i < argv.length; i++) {
    const dir = argv[i + 1];
    if (argv[i] !== '--out' || dir === undefined || dir.startsWith('--')) throw new Error(USAGE);
    outDir = resolve(dir);
    i++;
  }
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(buildDatasets())) {
    const file = join(outDir, name);
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    for (const file of main(process.argv.slice(2))) console.log(`wrote ${file}`);
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
  }
}

// The collector's CPU time per report on the bench's 10,005-element page, from a Chrome trace:
// `node xtask/js/bench-collector-cpu.mjs [extensionDir ...]` (default dist/chromium; several
// directories are measured in alternation, so they share the machine's load).
//
// `facts.collectionMs` (what `cargo xtask bench` prints) is wall time summed over the slices;
// on a loaded machine the OS preempts the renderer inside a slice and that time counts too.
// This measures the same slices in thread time: a copy of the extension whose content.js
// marks each slice's start and end (user timing, whose trace events carry the thread clock),
// with the collector alone (no consent scripts) and no time budget, so every run does the
// whole collection. Per run: the first report after a load, then the report after the form's
// action changes. Each report's thread time is also split by phase of collectSteps (PHASES), and
// the garbage collections V8 ran inside its slices are summed.
//
// Then the floor under those figures: on the same page, in a fresh isolated world (as the
// content script's is on a fresh load), the DOM reads alone that three of the collector's
// facts need, each read once and nothing else done with it: every form control's element,
// attributes and visibility, every <label for>'s target and text, and the first 1,000 media
// addresses. Once in the fresh world (the first report's floor: each element read gets a
// wrapper of this world), then again (a later report's). Timed with performance.now() in the
// page, whose clock here steps by 0.1 ms.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launchWithExtension, tabIdOf, tabState, currentWorker } from './chromium.mjs';
import { heavyHtml } from './heavy-page.mjs';

const RUNS = Number(process.env.BENCH_RUNS) || 7; // BENCH_RUNS=N for finer comparisons
// Phases of collectSteps, each by the first statement it starts with.
const PHASES = [
  ['start', 'const cookieNamesAsked ='],
  ['shadow roots', 'try { readShadowRoots(); }'],
  ['label index', 'if (labelsStale || !observer) yield* indexLabels();'],
  ['form controls', "const last = keptIfUnchanged('formControls');"],
  ['loose controls', 'if (last) {\n      yield* addInputs(last.loose'],
  ['iframes', "yield* walk('iframes'"],
  ['scripts', "yield* readList('scripts'"],
  ['inline scripts', 'let inlineTextSent = 0;'],
  ['wallet candidates', 'let walletSeen = 0;'],
  ['stylesheets', "yield* readList('stylesheets'"],
  ['meta csp', 'const metas ='],
  ['resources, cookies', 'facts.resources = resources.slice'],
  ['media', "yield* readList('media'"],
  ['links', "yield* readList('links'"],
  ['finish', 'for (const list of Object.keys(CAPS)) {'],
];
const CONSENT_SCRIPTS = new Set(['vendor/autoconsent.js', 'consent.js', 'consent-main.js']);

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** A copy of `dir` with the collector alone, no time budget, and its slices marked. */
function markedCopy(dir) {
  const copy = fs.mkdtempSync(path.join(ROOT, 'target/bench-cpu-'));
  fs.cpSync(dir, copy, { recursive: true });
  const manifestPath = path.join(copy, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  manifest.content_scripts = manifest.content_scripts
    .map((cs) => ({ ...cs, js: cs.js.filter((f) => !CONSENT_SCRIPTS.has(f)) }))
    .filter((cs) => cs.js.some((f) => f !== 'contract.js'));
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  const scriptPath = path.join(copy, 'content.js');
  let script = fs.readFileSync(scriptPath, 'utf8');
  const patch = (from, to) => {
    if (!script.includes(from)) throw new Error(`content.js no longer has \`${from}\`: update bench-collector-cpu.mjs`);
    script = script.replace(from, to);
  };
  patch('const BUDGET_MS = 50;', 'const BUDGET_MS = 1e9;');
  patch('start() { sliceStart = performance.now(); },', "start() { sliceStart = performance.now(); performance.mark('st-slice'); },");
  patch('pause() { worked += performance.now() - sliceStart; },', "pause() { worked += performance.now() - sliceStart; performance.mark('st-slice-end'); },");
  patch('facts.collectionMs = Math.round(clock.worked() * 10) / 10;', "facts.collectionMs = Math.round(clock.worked() * 10) / 10; performance.mark('st-slice-end');");
  // Where the time goes: a mark where each phase starts. A phase no longer found is left
  // out (its time counts in the phase before it) and said so: the totals stay right.
  for (const [phase, anchor] of PHASES) {
    if (script.includes(anchor)) script = script.replace(anchor, `performance.mark('st-phase:${phase}'); ${anchor}`);
    else console.warn(`phase "${phase}" not found in content.js: its time counts in the phase before it`);
  }
  fs.writeFileSync(scriptPath, script);
  return copy;
}

async function until(read, what) {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One load: the trace of its first report and of the report after a change, as [cpu, wall] in ms. */
async function measureOnce(side) {
  const { browser, page, tabId } = side;
  const cdp = await browser.ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.on('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'blink.user_timing,v8,disabled-by-default-v8.gc' });
  const worker = await currentWorker(browser.ctx);
  await worker.evaluate((id) => chrome.storage.session.remove(`tab:${id}`), tabId);
  await page.reload();
  await until(async () => (await tabState(browser.ctx, tabId))?.facts?.collectionMs > 0, 'the first report');
  await new Promise((r) => setTimeout(r, 1000));
  const action = `https://heavy.test/cart-${Math.random()}`;
  await page.evaluate((a) => document.querySelector('form').setAttribute('action', a), action);
  await until(async () => (await tabState(browser.ctx, tabId))?.facts?.forms?.[0]?.action === action, 'the later report');
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  // Reports are the runs of marks more than 300 ms apart; a slice is a start mark and the next
  // end mark; a phase runs from its mark to the next phase's, in thread time inside slices.
  const marks = events.filter((e) => e.name.startsWith('st-slice') || e.name.startsWith('st-phase:')).sort((a, b) => a.ts - b.ts);
  const reports = [];
  let current = null;
  let open = null;
  let last = null; // the previous mark inside an open slice
  let phase = '';
  for (const m of marks) {
    if (m.name === 'st-slice') {
      if (!current || m.ts - current.last > 300_000) reports.push(current = { cpu: 0, wall: 0, gc: 0, phases: {}, slices: [] });
      open = m;
      last = m;
    } else {
      if (open && last) current.phases[phase] = (current.phases[phase] ?? 0) + (m.tts - last.tts) / 1000;
      if (m.name === 'st-slice-end' && open) {
        current.cpu += (m.tts - open.tts) / 1000;
        current.wall += (m.ts - open.ts) / 1000;
        current.slices.push([open.ts, m.ts, m.tid]);
        open = null;
        last = null;
      } else if (m.name.startsWith('st-phase:')) {
        phase = m.name.slice('st-phase:'.length);
        last = m;
      }
    }
    if (current) current.last = m.ts;
  }
  // V8's garbage collections inside the slices (wall time: the trace gives GC events no thread
  // clock): the outermost V8.GC* events, as phases nest inside a collection's own event.
  const gcs = events.filter((e) => e.ph === 'X' && e.dur && e.name.startsWith('V8.GC')).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  for (const report of reports) {
    let end = 0;
    for (const e of gcs) {
      if (e.ts < end || !report.slices.some(([a, b, tid]) => e.tid === tid && e.ts >= a && e.ts < b)) continue;
      report.gc += e.dur / 1000;
      end = e.ts + e.dur;
    }
  }
  if (reports.length !== 2) throw new Error(`expected two reports in the trace, found ${reports.length}`);
  return reports;
}

// The reads of floorOnce, in the page: ms per kind of read, as [fresh world, again].
const FLOOR_READS = `(() => {
  const time = (read) => { const t0 = performance.now(); read(); return performance.now() - t0; };
  const visibility = Object.freeze({ visibilityProperty: true, checkVisibilityCSS: true });
  const controls = [];
  const pass = () => ({
    'control elements': time(() => {
      controls.length = 0;
      for (const form of document.querySelectorAll('form')) {
        const elements = form.elements;
        const count = elements.length;
        for (let i = 0; i < count; i++) if (elements[i] instanceof HTMLInputElement) controls.push(elements[i]);
      }
    }),
    'control attributes': time(() => {
      for (const el of controls) for (const name of el.getAttributeNames()) el.getAttribute(name);
    }),
    'control visibility': time(() => { for (const el of controls) el.checkVisibility(visibility); }),
    labels: time(() => {
      for (const label of document.querySelectorAll('label[for]')) { label.getAttribute('for'); label.textContent; }
    }),
    media: time(() => {
      const media = document.querySelectorAll(':is(img,video,audio,source)[src]:not([src=""])');
      for (let i = 0; i < Math.min(1000, media.length); i++) media[i].src;
    }),
  });
  return [pass(), pass()];
})()`;

/** One fresh load, read in a fresh isolated world: the floor's parts, [first, again]. */
async function floorOnce(side) {
  const { browser, page } = side;
  await page.reload();
  await new Promise((r) => setTimeout(r, 1500)); // the content script's own report done
  await page.evaluate(() => document.documentElement.getBoundingClientRect());
  const cdp = await browser.ctx.newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: `floor-${Math.random()}` });
  const { result } = await cdp.send('Runtime.evaluate', { expression: FLOOR_READS, contextId: executionContextId, returnByValue: true });
  await cdp.detach();
  return result.value;
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => path.resolve(d)) : [path.join(ROOT, 'dist/chromium')];
const sides = [];
try {
  for (const dir of dirs) {
    const copy = markedCopy(dir);
    const browser = await launchWithExtension({ extensionDir: copy });
    await browser.ctx.route('https://heavy.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: heavyHtml() }));
    const page = await browser.ctx.newPage();
    await page.goto('https://heavy.test/'); // warms the caches
    sides.push({ dir, copy, browser, page, tabId: await tabIdOf(browser.ctx, page), first: [], later: [] });
  }
  for (let run = 0; run < RUNS; run++) {
    for (const side of sides) {
      const [first, later] = await measureOnce(side);
      side.first.push(first);
      side.later.push(later);
    }
  }
  const line = (runs) => `cpu median ${median(runs.map((r) => r.cpu)).toFixed(1)} ms (wall ${median(runs.map((r) => r.wall)).toFixed(1)} ms, of which garbage collection ${median(runs.map((r) => r.gc)).toFixed(1)} ms)`;
  for (const side of sides) {
    console.log(`collector on the ${(heavyHtml().match(/<[a-z0-9]+/gi) ?? []).length}-element page, ${path.relative(ROOT, side.dir) || side.dir}, ${RUNS} loads:`);
    console.log(`  first report: ${line(side.first)}`);
    console.log(`  later report (the form's action changed): ${line(side.later)}`);
    const phases = [...new Set(side.first.flatMap((r) => Object.keys(r.phases)))];
    const cell = (runs, p) => median(runs.map((r) => r.phases[p] ?? 0)).toFixed(2).padStart(6);
    console.log(`  cpu per phase, median ms (first report / later report):`);
    for (const p of phases) console.log(`    ${(p || '(before the first mark)').padEnd(22)} ${cell(side.first, p)} / ${cell(side.later, p)}`);
  }
  // The floor, on the first side's browser (it is the page's DOM that is timed).
  const floors = [];
  for (let run = 0; run < RUNS; run++) floors.push(await floorOnce(sides[0]));
  const parts = Object.keys(floors[0][0]);
  const floorOf = (pass, part) => median(floors.map((f) => f[pass][part]));
  const total = (pass) => median(floors.map((f) => parts.reduce((sum, p) => sum + f[pass][p], 0)));
  console.log(`DOM reads alone in a fresh isolated world, no collector (median of ${RUNS} loads, ms, fresh / again):`);
  for (const p of parts) console.log(`    ${p.padEnd(22)} ${floorOf(0, p).toFixed(2).padStart(6)} / ${floorOf(1, p).toFixed(2).padStart(6)}`);
  console.log(`    ${'together'.padEnd(22)} ${total(0).toFixed(2).padStart(6)} / ${total(1).toFixed(2).padStart(6)}`);
} finally {
  for (const side of sides) {
    await side.browser.close();
    fs.rmSync(side.copy, { recursive: true, force: true });
  }
}

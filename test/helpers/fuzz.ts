/**
 * A seeded fuzzer over the analysis facade: fixtures (configs, ACL files, source in every supported
 * language) mutated with byte flips and hostile tokens, then every feature run on the result. An input
 * is named by (seed, index): the same pair always rebuilds the same text, so a failure can be replayed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ACL_LANGUAGE, CONF_LANGUAGE, SOURCE_EXTENSIONS } from '../../common/src/languages';
import { AnalysisService } from '../../server/src/service';
import { defaultSettings } from '../../server/src/types';
import { TopicIndex } from '../../server/src/workspace/topicIndex';
import { projectRoot } from './lspClient';

/** A seed document: a fixture's text and the language it is analysed as. */
export interface FuzzSeed {
  name: string;
  languageId: string;
  text: string;
}

/** An input that threw or answered with the wrong shape. */
export interface FuzzFailure {
  seed: number;
  index: number;
  from: string;
  languageId: string;
  feature: string;
  message: string;
  input: string;
}

/** Source languages each fixture is also analysed as (same family, another id). */
const ALSO_AS: Record<string, string[]> = {
  javascript: ['javascriptreact'],
  typescript: ['typescriptreact'],
  cpp: ['arduino'],
};

/** Every fixture config, ACL file and source file, in every supported language id. */
export function fuzzSeeds(): FuzzSeed[] {
  const dir = join(projectRoot, 'test', 'fixtures');
  const seeds: FuzzSeed[] = [];
  const add = (sub: string, languageOf: (name: string) => string[]) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      if (name.endsWith('.json') || !statSync(join(dir, sub, name)).isFile()) continue;
      const text = readFileSync(join(dir, sub, name), 'utf8');
      for (const languageId of languageOf(name)) seeds.push({ name: `${sub}/${name}`, languageId, text });
    }
  };
  add('conf', () => [CONF_LANGUAGE]);
  add('acl', () => [ACL_LANGUAGE]);
  add('code', (name) => {
    const id = SOURCE_EXTENSIONS[extname(name)];
    return id ? [id, ...(ALSO_AS[id] ?? [])] : [];
  });
  return seeds;
}

/** mulberry32: a small, fast, seedable PRNG with a uniform [0, 1) output. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tokens that trip lexers, topic rules and markdown: quotes, brackets, wildcards, escapes, control bytes. */
const TOKENS = [
  '"',
  "'",
  '`',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '#',
  '+',
  '/',
  '//',
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\\',
  '\\\\',
  '${',
  '%s',
  '%n',
  '\t',
  ' ',
  '\uFEFF',
  '\uFFFD',
  '\u2028',
  '\x1b[31m',
  '/*',
  '*/',
  '"""',
  'r#"',
  '\\u{',
  '#include',
  'include_dir .',
  'listener 1883',
  'bridge',
  'connection x',
  'topic # both 2',
  'password_file /dev/null',
  'user ',
  'topic read #',
  'pattern write %c/#',
  '.publish(',
  '.subscribe(',
  'mosquitto_publish(',
  'client_id',
  'clientId:',
  'qos=3',
  ', qos: 2',
  '+/#',
  'a/#/b',
  '$SYS/#',
  '€',
  '😀',
  'É',
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, n: number) => Math.floor(r() * n);

/** One to four mutations of `text`, driven by `r`. */
export function mutate(text: string, r: () => number, donors: readonly FuzzSeed[], maxBlowup = 2000): string {
  let out = text;
  const ops = 1 + int(r, 4);
  for (let k = 0; k < ops; k++) {
    const at = int(r, out.length + 1);
    switch (int(r, 9)) {
      case 0: {
        // Byte flip: one char replaced by a neighbour code point or a random one.
        if (!out.length) break;
        const code = out.charCodeAt(Math.min(at, out.length - 1));
        const flipped = r() < 0.5 ? code ^ (1 << int(r, 7)) : int(r, 0x250);
        out = out.slice(0, at) + String.fromCharCode(flipped) + out.slice(at + 1);
        break;
      }
      case 1:
      case 2:
        out = out.slice(0, at) + pick(r, TOKENS) + out.slice(at);
        break;
      case 3: {
        const len = int(r, 80);
        out = out.slice(0, at) + out.slice(at + len);
        break;
      }
      case 4: {
        // Duplicate a stretch (repeated options, repeated calls).
        const len = 1 + int(r, 200);
        const piece = out.slice(at, at + len);
        out = out.slice(0, at) + piece.repeat(1 + int(r, 8)) + out.slice(at);
        break;
      }
      case 5: {
        // Deep nesting.
        const [open, close] = pick(r, [
          ['(', ')'],
          ['[', ']'],
          ['{', '}'],
          ['"', '"'],
          ['a/', 'b'],
        ] as const);
        const depth = r() < 0.05 ? maxBlowup * 4 : 1 + int(r, maxBlowup);
        out = out.slice(0, at) + open.repeat(depth) + "'a/b'" + close.repeat(r() < 0.5 ? depth : 0) + out.slice(at);
        break;
      }
      case 6: {
        // A very long line, of one character or of topic levels.
        const n = 1 + int(r, maxBlowup * 5);
        const unit = pick(r, ['x', ' ', '\r', '/', 'a/', '+/', '#', '\\']);
        out = out.slice(0, at) + unit.repeat(Math.ceil(n / unit.length)) + out.slice(at);
        break;
      }
      case 7: {
        // Splice a piece of another seed (a config line into code, a call into a config).
        const donor = pick(r, donors).text;
        const from = int(r, donor.length + 1);
        out = out.slice(0, at) + donor.slice(from, from + 1 + int(r, 300)) + out.slice(at);
        break;
      }
      default: {
        // Swap two lines.
        const lines = out.split('\n');
        const i = int(r, lines.length);
        const j = int(r, lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        out = lines.join('\n');
      }
    }
  }
  return out;
}

/** The input number `index` of a run seeded with `seed`: its seed document and mutated text. */
export function fuzzInput(seeds: readonly FuzzSeed[], seed: number, index: number): { from: FuzzSeed; text: string } {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const from = pick(r, seeds);
  return { from, text: mutate(from.text, r, seeds) };
}

const isPosition = (p: unknown) =>
  typeof p === 'object' &&
  p !== null &&
  Number.isInteger((p as { line: unknown }).line) &&
  Number.isInteger((p as { character: unknown }).character) &&
  (p as { line: number }).line >= 0 &&
  (p as { character: number }).character >= 0;
const isRange = (r: unknown) =>
  typeof r === 'object' &&
  r !== null &&
  isPosition((r as { start: unknown }).start) &&
  isPosition((r as { end: unknown }).end);

/** Why a feature's answer has the wrong shape, or undefined. */
function shapeError(feature: string, value: unknown): string | undefined {
  switch (feature) {
    case 'diagnose':
      if (!Array.isArray(value)) return 'not an array';
      for (const d of value as { range: unknown; message: unknown }[])
        if (!isRange(d.range) || typeof d.message !== 'string' || !d.message)
          return `bad diagnostic ${JSON.stringify(d).slice(0, 300)}`;
      return undefined;
    case 'hover': {
      if (value === null) return undefined;
      const h = value as { contents?: unknown; range?: unknown };
      if (typeof h !== 'object' || h.contents === undefined) return 'hover without contents';
      if (h.range !== undefined && !isRange(h.range)) return 'hover with a bad range';
      return undefined;
    }
    case 'complete':
      if (!Array.isArray(value)) return 'not an array';
      return (value as { label?: unknown }[]).every((c) => typeof c.label === 'string')
        ? undefined
        : 'item without label';
    case 'codeActions':
      if (!Array.isArray(value)) return 'not an array';
      return (value as { title?: unknown }[]).every((a) => typeof a.title === 'string')
        ? undefined
        : 'action without title';
    case 'indexEntry': {
      const e = value as { sites?: unknown; clientIds?: unknown };
      return Array.isArray(e.sites) && Array.isArray(e.clientIds) ? undefined : 'entry without sites/clientIds';
    }
    default:
      return undefined;
  }
}

/** Positions worth hovering and completing at: the start, the end, and a few chosen by the text's length. */
function positionsOf(text: string): { line: number; character: number }[] {
  const lines = text.split('\n');
  const out = [{ line: 0, character: 0 }];
  for (const f of [0.25, 0.5, 0.9]) {
    const line = Math.floor(f * (lines.length - 1));
    out.push({ line, character: Math.floor(f * (lines[line]?.length ?? 0)) });
  }
  const last = lines.length - 1;
  out.push({ line: last, character: lines[last]?.length ?? 0 });
  return out;
}

/** Run every facade feature on one text; the first exception or wrong shape, or undefined. */
export function checkInput(text: string, languageId: string): { feature: string; message: string } | undefined {
  const service = new AnalysisService();
  const settings = defaultSettings;
  const uri = `file:///fuzz/input.${languageId}`;
  const doc = { uri, languageId, text };
  let feature = 'indexEntry';
  try {
    const index = new TopicIndex();
    const entry = service.indexEntry(doc, settings);
    let bad = shapeError(feature, entry);
    if (bad) return { feature, message: bad };
    index.set(uri, entry.sites, entry.clientIds);
    index.set(
      'file:///fuzz/other.js',
      entry.sites.map((s) => ({ ...s, uri: 'file:///fuzz/other.js' })),
      [],
    );
    feature = 'diagnose';
    const diagnostics = service.diagnose(doc, settings, index);
    if ((bad = shapeError(feature, diagnostics))) return { feature, message: bad };
    for (const position of positionsOf(text)) {
      feature = 'hover';
      if ((bad = shapeError(feature, service.hover(doc, position, settings, index)))) return { feature, message: bad };
      feature = 'complete';
      if ((bad = shapeError(feature, service.complete(doc, position, settings)))) return { feature, message: bad };
    }
    feature = 'codeActions';
    for (const d of diagnostics.slice(0, 20)) {
      const actions = service.codeActions(doc, d.range, [d]);
      if ((bad = shapeError(feature, actions))) return { feature, message: bad };
    }
    return undefined;
  } catch (err) {
    return { feature, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/** A smaller text that still fails the same way (chunks removed while the failure holds), within a time budget. */
export function minimize(
  text: string,
  languageId: string,
  failure: { feature: string; message: string },
  budgetMillis = 20_000,
): string {
  const deadline = Date.now() + budgetMillis;
  const same = (t: string) => {
    if (Date.now() > deadline) return false;
    const f = checkInput(t, languageId);
    return (
      f !== undefined && f.feature === failure.feature && f.message.split(':')[0] === failure.message.split(':')[0]
    );
  };
  let current = text;
  let tries = 0;
  for (
    let chunk = Math.max(1, Math.floor(current.length / 2));
    chunk >= 1 && tries < 2000;
    chunk = Math.floor(chunk / 2)
  ) {
    for (let at = 0; at < current.length && tries < 2000;) {
      const candidate = current.slice(0, at) + current.slice(at + chunk);
      tries++;
      if (same(candidate)) current = candidate;
      else at += chunk;
    }
  }
  return current;
}

/** Run `count` inputs from `seed` (starting at `start`); calls `onFailure` for each one that fails. */
export function fuzz(
  seeds: readonly FuzzSeed[],
  seed: number,
  count: number,
  onFailure: (f: FuzzFailure) => void,
  start = 0,
  onSlow?: (f: FuzzFailure & { millis: number }) => void,
  slowMillis = 2000,
): number {
  let failures = 0;
  for (let index = start; index < start + count; index++) {
    const { from, text } = fuzzInput(seeds, seed, index);
    const began = Date.now();
    const failure = checkInput(text, from.languageId);
    const millis = Date.now() - began;
    if (onSlow && millis > slowMillis)
      onSlow({
        seed,
        index,
        from: from.name,
        languageId: from.languageId,
        feature: 'all',
        message: 'slow',
        input: text,
        millis,
      });
    if (failure) {
      failures++;
      onFailure({ seed, index, from: from.name, languageId: from.languageId, ...failure, input: text });
    }
  }
  return failures;
}

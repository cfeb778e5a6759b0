/**
 * Whether two clients with the same id can be connected at the same time: the broker disconnects one
 * only then. Without running the code this is an approximation, chosen to stay quiet when unsure:
 * - both are created in the same function (or both at file level): clients in different test
 *   functions, or in a `connect()` and a `reconnect()` method, are taken to live apart;
 * - nothing ends a client between the two (`disconnect`, `end`, `close`, `loop_stop`, `destroy`,
 *   `stop`): re-creating a client with the same id to resume its persistent session is how sessions work;
 * - a Python client made in a `with` statement has ended once that block is left.
 */
import type { LanguageFamily } from './lexer';
import { codeMatches, codeOffsets, type SourceScan } from './windows';

/** Where a literal client id is written. */
export interface IdSite {
  id: string;
  start: number;
  end: number;
}

/** Calls that end a client, in any of the libraries: `client.end()`, `mosquitto_disconnect(m)`, `DisconnectAsync()`. */
const ENDS_CLIENT =
  /(?:\w*[dD]isconnect\w*|\bend|\bendAsync|\bclose|\bClose|\bloop_stop|\w*[dD]estroy|\bstop|\bStop)\s*\(/g;

/** A block header starting with one of these words is a control statement, not a function. */
const CONTROL =
  /^(?:if|else|for|foreach|while|do|switch|catch|try|finally|using|lock|synchronized|match|loop|when|return|select|case|default)\b/;

/** The function (or file) a client's lifetime is bounded by, and where it has certainly ended. */
interface Lifetime {
  /** Offset of the enclosing function (or -1 at file level). */
  scope: number;
  /** Where the client has ended at the latest (a Python `with` block's end), or Infinity. */
  until: number;
}

/**
 * For each site (in text order), the index of an earlier site with the same id whose client can still be
 * connected when this one is created, or -1: the first of the run of such clients, so every later one
 * names the same line. Linear in the text plus the sites.
 */
export function earlierLiveSite(text: string, scan: SourceScan, sites: readonly IdSite[]): number[] {
  const lifetimes = scan.family === 'python' ? pythonLifetimes(text, scan, sites) : braceLifetimes(text, scan, sites);
  const ends = codeOffsets(text, scan, ENDS_CLIENT);
  const endedBetween = (from: number, to: number) => {
    // The first end call at or after `from`, by binary search.
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < ends.length && ends[lo]! < to;
  };
  const runs = new Map<string, { anchor: number; last: number }>();
  return sites.map((site, i) => {
    const key = `${lifetimes[i]!.scope}\u0000${site.id}`;
    const run = runs.get(key);
    if (run) {
      const previous = sites[run.last]!;
      if (site.start < lifetimes[run.last]!.until && !endedBetween(previous.end, site.start)) {
        run.last = i;
        return run.anchor;
      }
    }
    runs.set(key, { anchor: i, last: i });
    return -1;
  });
}

/** Python: the innermost enclosing `def` by indentation; a client made on a `with` line ends with its block. */
function pythonLifetimes(text: string, scan: SourceScan, sites: readonly IdSite[]): Lifetime[] {
  const out: Lifetime[] = sites.map(() => ({ scope: -1, until: Infinity }));
  /** Open blocks: indentation, the innermost `def` at or around it, and the sites made on it if a `with`. */
  const stack: { indent: number; scope: number; withSites: number[] }[] = [];
  const current = () => stack[stack.length - 1]?.scope ?? -1;
  let k = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const code = raw.trimStart();
    const indent = raw.length - code.length;
    if (code && !code.startsWith('#') && scan.inCode(start + indent)) {
      while (stack.length && stack[stack.length - 1]!.indent >= indent) {
        for (const j of stack.pop()!.withSites) out[j]!.until = start;
      }
      const scope = current();
      const withSites: number[] = [];
      for (; k < sites.length && sites[k]!.start < end; k++) {
        if (sites[k]!.start < start) continue;
        out[k]!.scope = scope;
        withSites.push(k);
      }
      stack.push({
        indent,
        scope: /^(?:async\s+)?def\b/.test(code) ? start : scope,
        withSites: /^(?:async\s+)?with\b/.test(code) ? withSites : [],
      });
    } else {
      // A continuation inside a literal or bracket: its sites belong to the enclosing block.
      for (; k < sites.length && sites[k]!.start < end; k++) if (sites[k]!.start >= start) out[k]!.scope = current();
    }
    start = end + 1;
  }
  return out;
}

/** Brace languages: the innermost enclosing `{` whose header is a function, method or lambda. */
function braceLifetimes(text: string, scan: SourceScan, sites: readonly IdSite[]): Lifetime[] {
  const out: Lifetime[] = [];
  /** Per open brace, the innermost function body at or around it (-1: none). */
  const open: number[] = [];
  let k = 0;
  const place = (upTo: number) => {
    for (; k < sites.length && sites[k]!.start < upTo; k++)
      out.push({ scope: open[open.length - 1] ?? -1, until: Infinity });
  };
  for (const m of codeMatches(text, scan, /[{}]/g)) {
    place(m.index!);
    if (m[0] === '{') open.push(isFunctionBody(text, scan, m.index!) ? m.index! : (open[open.length - 1] ?? -1));
    else open.pop();
  }
  place(Infinity);
  return out;
}

/** Whether the `{` at `brace` opens a function body, judged from the code before it back to the previous statement. */
function isFunctionBody(text: string, scan: SourceScan, brace: number): boolean {
  let from = brace;
  for (let p = brace - 1; p >= 0 && brace - p < 300; p--) {
    const ch = text[p];
    if ((ch === ';' || ch === '{' || ch === '}') && scan.inCode(p)) break;
    from = p;
  }
  const header = text.slice(from, brace).trim();
  return isFunctionHeader(header, scan.family);
}

/** `function f(x)`, `void run() throws E`, `func (s *S) Run() error`, `fn main() -> R`, `() =>`, `(x) ->`, `it('a', async () =>`. */
export function isFunctionHeader(header: string, family: LanguageFamily): boolean {
  if (/(?:=>|->)\s*$/.test(header)) return true;
  const statement = header.replace(/^(?:@\w+(?:\([^)]*\))?\s*|\[[^\]]*\]\s*)*/, '');
  if (CONTROL.test(statement)) return false;
  if (/\b(?:function|func|fn)\b/.test(statement)) return true;
  if (family === 'go' || family === 'rust') return false;
  return /\)\s*(?:[\w\s.:<>,[\]&*?]|->)*$/.test(statement);
}

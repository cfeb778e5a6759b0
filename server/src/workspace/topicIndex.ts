/**
 * The workspace's MQTT topics: every publish, subscribe, will and routing site of every indexed file,
 * with the queries the workspace features need (who receives this, who sends that, similar spellings).
 * Pure data: the indexer fills it, the server asks it.
 */
import type { Range } from 'vscode-languageserver-types';
import type { CallRole } from '../code/patterns';

export interface IndexedSite {
  uri: string;
  role: CallRole;
  /** The topic as written, each placeholder as `{name}`. */
  display: string;
  /** The topic as a filter for matching: a level with a placeholder becomes `+`. */
  pattern: string;
  hasPlaceholder: boolean;
  range: Range;
  qos?: number;
  via: string;
}

export interface IndexedClientId {
  uri: string;
  id: string;
  range: Range;
}

/** Whether some topic name could match both filters (`+` one level, `#` the rest). */
export function filtersIntersect(a: string, b: string): boolean {
  const al = a.split('/');
  const bl = b.split('/');
  for (let i = 0; ; i++) {
    const x = al[i];
    const y = bl[i];
    if (x === '#' || y === '#') return true;
    if (x === undefined || y === undefined) return x === y;
    if (x !== '+' && y !== '+' && x !== y) return false;
  }
}

/** The matching form of a topic: each level with a placeholder stands for any value of that level. */
export function patternOf(display: string, placeholderLevels: boolean[]): string {
  return display.split('/').map((level, i) => (placeholderLevels[i] ? '+' : level)).join('/');
}

/** Spelling-insensitive form: case, `_`, `-` and spaces do not count (`living_room` ~ `LivingRoom`). */
export function spellingKey(topic: string): string {
  return topic.toLowerCase().replace(/[_\- ]/g, '');
}

const isSender = (role: CallRole) => role === 'publish' || role === 'will';
const isReceiver = (role: CallRole) => role === 'subscribe' || role === 'route';

export class TopicIndex {
  private readonly sites = new Map<string, IndexedSite[]>();
  private readonly clientIds = new Map<string, IndexedClientId[]>();
  /** Bumped on every change, so callers can cache derived results. */
  version = 0;

  set(uri: string, sites: IndexedSite[], clientIds: IndexedClientId[]): void {
    if (sites.length) this.sites.set(uri, sites);
    else this.sites.delete(uri);
    if (clientIds.length) this.clientIds.set(uri, clientIds);
    else this.clientIds.delete(uri);
    this.version++;
  }

  delete(uri: string): void {
    if (this.sites.delete(uri) || this.clientIds.delete(uri)) this.version++;
  }

  get fileCount(): number {
    return this.sites.size;
  }

  sitesOf(uri: string): IndexedSite[] {
    return this.sites.get(uri) ?? [];
  }

  *allSites(): Iterable<IndexedSite> {
    for (const list of this.sites.values()) yield* list;
  }

  allClientIds(): IndexedClientId[] {
    return [...this.clientIds.values()].flat();
  }

  /** The sites on the other side of `site`: receivers of a published topic, senders to a filter. */
  counterparts(site: IndexedSite): IndexedSite[] {
    const out: IndexedSite[] = [];
    for (const other of this.allSites()) {
      if (other === site) continue;
      const pairs = (isSender(site.role) && isReceiver(other.role)) || (isReceiver(site.role) && isSender(other.role));
      if (pairs && filtersIntersect(site.pattern, other.pattern)) out.push(other);
    }
    return out;
  }

  /** Every site that refers to the same traffic: the same topic, or one that matches it either way. */
  references(site: IndexedSite): IndexedSite[] {
    const out: IndexedSite[] = [];
    for (const other of this.allSites()) {
      if (other.pattern === site.pattern || filtersIntersect(site.pattern, other.pattern)) {
        const sameSide = isSender(site.role) === isSender(other.role);
        // Two different published names never refer to each other; two filters only when equal.
        if (sameSide && other.pattern !== site.pattern) continue;
        out.push(other);
      }
    }
    return out;
  }

  /** Topics that would meet this one if spelled alike (case, `_`, `-`), but as written never do. */
  similar(site: IndexedSite): IndexedSite[] {
    const key = spellingKey(site.pattern);
    const out: IndexedSite[] = [];
    for (const other of this.allSites()) {
      if (!filtersIntersect(site.pattern, other.pattern) && filtersIntersect(key, spellingKey(other.pattern))) out.push(other);
    }
    return out;
  }

  hasReceivers(): boolean {
    for (const s of this.allSites()) if (isReceiver(s.role)) return true;
    return false;
  }

  hasSenders(): boolean {
    for (const s of this.allSites()) if (isSender(s.role)) return true;
    return false;
  }
}

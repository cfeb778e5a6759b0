/**
 * The workspace's MQTT topics: every publish, subscribe, will and routing site of every indexed file,
 * with the queries the workspace features need (who receives this, who sends that, similar spellings).
 * Pure data: the indexer fills it, the server asks it.
 */
import type { Range } from 'vscode-languageserver-types';
import { isReceiving, isSending, type TopicUse } from '../../../common/src/topics';
import { URI, uriKey } from '../uri';
import { programOf } from './programs';

export interface IndexedSite {
  uri: string;
  role: TopicUse;
  /** The topic as written, each placeholder as `{name}`. */
  display: string;
  /** The topic as a filter for matching: a level with a placeholder becomes `+`. */
  pattern: string;
  hasPlaceholder: boolean;
  range: Range;
  qos?: number;
  via: string;
  /** A broker rejects the topic (a wildcard in a published name, `#` not last, ...): it meets nothing. */
  rejected?: boolean;
}

export interface IndexedClientId {
  uri: string;
  id: string;
  range: Range;
}

/** The matching form of a topic: each level with a placeholder stands for any value of that level. */
export function patternOf(display: string, placeholderLevels: boolean[]): string {
  return display
    .split('/')
    .map((level, i) => (placeholderLevels[i] ? '+' : level))
    .join('/');
}

/** A catch-all subscription: it receives every topic, so it shows nothing about a topic in particular. */
export const isCatchAll = (site: IndexedSite): boolean => site.pattern === '#';

/** Spelling-insensitive form: case, `_`, `-` and spaces do not count (`living_room` ~ `LivingRoom`). */
export function spellingKey(topic: string): string {
  return topic.toLowerCase().replace(/[_\- ]/g, '');
}

/** Consecutive sites of one pattern in a node, so a query that rejects the pattern skips them at once. */
interface Run {
  pattern: string;
  levels: string[];
  sites: IndexedSite[];
}

/** filtersIntersect (common/src/topics.ts) on patterns already split into levels. */
function levelsIntersect(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === '#' || y === '#') return true;
    if (x === undefined || y === undefined) return x === y;
    if (x !== '+' && y !== '+' && x !== y) return false;
  }
}

interface TreeNode {
  children: Map<string, TreeNode>;
  /** Every site of the node, in insertion order. */
  runs: Run[];
  senders: IndexedSite[];
  receivers: IndexedSite[];
}

const newNode = (): TreeNode => ({ children: new Map(), runs: [], senders: [], receivers: [] });

/** Topics with more levels than this are left out of the trees: a crafted topic cannot make every walk deep. */
export const MAX_INDEXED_LEVELS = 1000;

/** A query gives up after looking at this many nodes and runs, however many match. */
const MAX_EXAMINED = 20_000;

/** Which sites of a node a query looks at, and which it keeps. */
interface Query {
  /** Reads the node's sites and returns false once the query has enough. */
  take(node: TreeNode): boolean;
}

/**
 * A topic tree, as brokers keep subscriptions: one node per level. Finding every pattern that could
 * meet a given one walks only the branches that can match, instead of comparing with every site.
 * The walk is iterative (a topic's depth comes from the files) and stops as soon as the query has enough.
 */
class TopicTree {
  private root = newNode();

  add(levels: string[], site: IndexedSite): void {
    let node = this.root;
    for (const level of levels) {
      let child = node.children.get(level);
      if (!child) node.children.set(level, (child = newNode()));
      node = child;
    }
    const last = node.runs[node.runs.length - 1];
    if (last?.pattern === site.pattern) last.sites.push(site);
    else node.runs.push({ pattern: site.pattern, levels: site.pattern.split('/'), sites: [site] });
    if (isSending(site.role)) node.senders.push(site);
    if (isReceiving(site.role)) node.receivers.push(site);
  }

  clear(): void {
    this.root = newNode();
  }

  /** Hands the query every node whose sites' patterns intersect `levels` (both may hold `+` and `#`), in a fixed order. */
  walk(levels: string[], query: Query): void {
    // What the recursive walk would do next, last task first: visit a node at a level, or take a whole subtree.
    const tasks: { node: TreeNode; i: number; all: boolean }[] = [{ node: this.root, i: 0, all: false }];
    let examined = 0;
    const take = (node: TreeNode | undefined) => !node || (++examined <= MAX_EXAMINED && query.take(node));
    while (tasks.length) {
      const { node, i, all } = tasks.pop()!;
      if (all) {
        if (!take(node)) return;
        const children = [...node.children.values()];
        for (let c = children.length - 1; c >= 0; c--) tasks.push({ node: children[c]!, i, all: true });
        continue;
      }
      if (!take(node.children.get('#'))) return;
      if (i === levels.length) {
        if (!take(node)) return;
        continue;
      }
      const level = levels[i]!;
      if (level === '#') {
        tasks.push({ node, i, all: true });
      } else if (level === '+') {
        const children = [...node.children].filter(([key]) => key !== '#');
        for (let c = children.length - 1; c >= 0; c--) tasks.push({ node: children[c]![1], i: i + 1, all: false });
      } else {
        const plus = node.children.get('+');
        if (plus) tasks.push({ node: plus, i: i + 1, all: false });
        const exact = node.children.get(level);
        if (exact) tasks.push({ node: exact, i: i + 1, all: false });
      }
    }
  }
}

/** Sites from `pick(node)` that `accept` keeps, at most `limit` of them. */
function collect(
  tree: TopicTree,
  levels: string[],
  pick: (node: TreeNode) => readonly IndexedSite[],
  accept: (site: IndexedSite) => boolean,
  limit: number,
): IndexedSite[] {
  const out: IndexedSite[] = [];
  tree.walk(levels, {
    take(node) {
      for (const site of pick(node)) {
        if (!accept(site)) continue;
        out.push(site);
        if (out.length >= limit) return false;
      }
      return true;
    },
  });
  return out;
}

/** How many sites a workspace check collects for one site by default: enough to report, not every match. */
export const DEFAULT_LIMIT = 100;

export class TopicIndex {
  private readonly sites = new Map<string, IndexedSite[]>();
  private readonly clientIds = new Map<string, IndexedClientId[]>();
  /** Bumped on every change, so callers can cache derived results. */
  version = 0;
  /** Trees of every site's pattern, as written and with spelling folded; rebuilt lazily after changes. */
  private tree = new TopicTree();
  private spelledTree = new TopicTree();
  private treeVersion = -1;
  /** The workspace folders, as URIs ending in `/`: where a file's program is decided (programs.ts). */
  private roots: string[] = [];

  /** The workspace folders (file system paths) the indexed files lie in. */
  setRoots(folders: readonly string[]): void {
    this.roots = folders.map((f) => URI.fromFsPath(f).replace(/\/?$/, '/'));
  }

  /** The program a file belongs to (programs.ts): undefined for application code. */
  programOf(uri: string): string | undefined {
    return programOf(uri, this.roots);
  }

  /** A file's sites and client ids, replacing what it had; files are told apart by URI.key. */
  set(spelled: string, sites: IndexedSite[], clientIds: IndexedClientId[]): void {
    const uri = uriKey(spelled);
    if (sites.length) this.sites.set(uri, sites);
    else this.sites.delete(uri);
    if (clientIds.length) this.clientIds.set(uri, clientIds);
    else this.clientIds.delete(uri);
    this.version++;
  }

  /** Forget every file (before a rebuild). */
  clear(): void {
    this.sites.clear();
    this.clientIds.clear();
    this.version++;
  }

  delete(spelled: string): void {
    const uri = uriKey(spelled);
    // Both maps, always: `||` would keep a file's client ids once its sites were deleted.
    const hadSites = this.sites.delete(uri);
    const hadClientIds = this.clientIds.delete(uri);
    if (hadSites || hadClientIds) this.version++;
  }

  private trees(): { tree: TopicTree; spelled: TopicTree } {
    if (this.treeVersion !== this.version) {
      this.tree.clear();
      this.spelledTree.clear();
      for (const site of this.allSites()) {
        // A topic the broker rejects never carries a message: it is no one's counterpart.
        if (site.rejected) continue;
        const levels = site.pattern.split('/');
        if (levels.length > MAX_INDEXED_LEVELS) continue;
        this.tree.add(levels, site);
        this.spelledTree.add(spellingKey(site.pattern).split('/'), site);
      }
      this.treeVersion = this.version;
    }
    return { tree: this.tree, spelled: this.spelledTree };
  }

  get fileCount(): number {
    return this.sites.size;
  }

  sitesOf(uri: string): IndexedSite[] {
    return this.sites.get(uriKey(uri)) ?? [];
  }

  *allSites(): Iterable<IndexedSite> {
    for (const list of this.sites.values()) yield* list;
  }

  allClientIds(): IndexedClientId[] {
    return [...this.clientIds.values()].flat();
  }

  /**
   * The sites on the other side of `site`: receivers of a published topic, senders to a filter; at most
   * `limit` (the hover counts them all), and only those `where` keeps.
   */
  counterparts(
    site: IndexedSite,
    limit = Infinity,
    where: (other: IndexedSite) => boolean = () => true,
  ): IndexedSite[] {
    if (!isSending(site.role) && !isReceiving(site.role)) return [];
    return collect(
      this.trees().tree,
      site.pattern.split('/'),
      (node) => (isSending(site.role) ? node.receivers : node.senders),
      (other) => other !== site && where(other),
      limit,
    );
  }

  /**
   * The code on each side of a live topic name (no wildcards): sites that send to it and subscriptions that
   * receive it, at most `limit` of each. Topics a broker rejects are not in the trees, so they never appear.
   */
  sitesOfTopic(topic: string, limit = DEFAULT_LIMIT): { senders: IndexedSite[]; receivers: IndexedSite[] } {
    const levels = topic.split('/');
    if (levels.length > MAX_INDEXED_LEVELS) return { senders: [], receivers: [] };
    const { tree } = this.trees();
    return {
      senders: collect(
        tree,
        levels,
        (node) => node.senders,
        () => true,
        limit,
      ),
      receivers: collect(
        tree,
        levels,
        (node) => node.receivers,
        () => true,
        limit,
      ),
    };
  }

  /** Every site that refers to the same traffic: the same topic, or one that matches it either way (at most `limit`). */
  references(site: IndexedSite, limit = 10_000): IndexedSite[] {
    // Two different published names never refer to each other; two filters only when equal.
    return collect(
      this.trees().tree,
      site.pattern.split('/'),
      (node) => node.runs.flatMap((run) => run.sites),
      (other) => isSending(site.role) !== isSending(other.role) || other.pattern === site.pattern,
      limit,
    );
  }

  /** Topics that would meet this one if spelled alike (case, `_`, `-`), but as written never do (at most `limit`, only those `where` keeps). */
  similar(
    site: IndexedSite,
    limit = DEFAULT_LIMIT,
    where: (other: IndexedSite) => boolean = () => true,
  ): IndexedSite[] {
    const out: IndexedSite[] = [];
    const levels = site.pattern.split('/');
    this.trees().spelled.walk(spellingKey(site.pattern).split('/'), {
      take(node) {
        for (const run of node.runs) {
          if (levelsIntersect(levels, run.levels)) continue;
          for (const other of run.sites) {
            if (!where(other)) continue;
            out.push(other);
            if (out.length >= limit) return false;
          }
        }
        return true;
      },
    });
    return out;
  }

  hasReceivers(): boolean {
    for (const s of this.allSites()) if (isReceiving(s.role)) return true;
    return false;
  }

  hasSenders(): boolean {
    for (const s of this.allSites()) if (isSending(s.role)) return true;
    return false;
  }
}

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

/** A file's sites in the trees. `seq` grows with each file added, so files compare as a Map of them iterates. */
interface FileRecord {
  readonly seq: number;
  entries: Entry[];
}

/**
 * A site as the trees file it. When its file is set again with the same topic at the same place (the rest of
 * the file edited), the entry stays where it is and only takes the new site (its range may have moved).
 */
class Entry {
  constructor(
    public site: IndexedSite,
    readonly file: FileRecord,
    /** Its place among its file's sites. */
    public place: number,
  ) {}
}

/** A site and the levels it is filed under in one tree. */
interface Filing {
  levels: string[];
  entry: Entry;
}

/** Whether `a` comes before `b` in the index's order: file after file, each file's sites in order. */
const precedes = (a: Entry, b: Entry): boolean => (a.file === b.file ? a.place < b.place : a.file.seq < b.file.seq);

/** Where `entry` goes in `list` (kept in the index's order): the first place not before it. */
function placeOf(list: readonly Entry[], entry: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (precedes(list[mid]!, entry)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an edited file's site stays where its old one was in the trees: same pattern, same side, still accepted. */
const sameFiling = (a: IndexedSite, b: IndexedSite): boolean =>
  a.pattern === b.pattern && a.role === b.role && !a.rejected === !b.rejected;

/** Consecutive sites of one pattern in a node, so a query that rejects the pattern skips them at once. */
interface Run {
  levels: string[];
  entries: Entry[];
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

/** The children of a node that has none (most are leaves): shared, and replaced before a child is added. */
const NO_CHILDREN: ReadonlyMap<string, TreeNode> = new Map();

class TreeNode {
  children = NO_CHILDREN as Map<string, TreeNode>;
  /** The sites filed at this node, in the index's order. */
  entries: Entry[] = [];
  /**
   * The first site of the subtree in the index's order. A tree built afresh from the index makes the node
   * when that site arrives, so siblings are walked in this order, however the index got its content.
   */
  first: Entry | undefined;
  /** The children in walking order, and the runs of `entries`: made when asked for, forgotten when they change. */
  private walkOrder: TreeNode[] | undefined;
  private runList: Run[] | undefined;

  constructor(
    readonly parent: TreeNode | undefined,
    readonly key: string,
  ) {}

  get ordered(): TreeNode[] {
    return (this.walkOrder ??= [...this.children.values()].sort((a, b) => (precedes(a.first!, b.first!) ? -1 : 1)));
  }

  get runs(): Run[] {
    if (!this.runList) {
      const runs: Run[] = [];
      let pattern: string | undefined;
      for (const entry of this.entries) {
        if (entry.site.pattern === pattern) runs[runs.length - 1]!.entries.push(entry);
        else runs.push({ levels: (pattern = entry.site.pattern).split('/'), entries: [entry] });
      }
      this.runList = runs;
    }
    return this.runList;
  }

  /** The children changed, or the first site of one did. */
  childrenChanged(): void {
    this.walkOrder = undefined;
  }

  /** The node's own sites changed. */
  sitesChanged(): void {
    this.runList = undefined;
  }

  /** The first site of the subtree, computed from the node's own and its children's. */
  firstOfSubtree(): Entry | undefined {
    let first = this.entries[0];
    for (const child of this.children.values()) if (!first || precedes(child.first!, first)) first = child.first;
    return first;
  }
}

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
 * Sites are filed and unfiled as their files change, so an edit costs what it changed, not the whole workspace;
 * the tree is always the one a fresh build from the index would make. The walk is iterative (a topic's
 * depth comes from the files) and stops as soon as the query has enough.
 */
class TopicTree {
  private readonly root = new TreeNode(undefined, '');

  /** The node at `levels`, made (with the nodes above it) when missing. */
  private nodeAt(levels: readonly string[]): TreeNode {
    let node = this.root;
    for (const level of levels) {
      let child = node.children.get(level);
      if (!child) {
        if (node.children === NO_CHILDREN) node.children = new Map();
        node.children.set(level, (child = new TreeNode(node, level)));
        node.childrenChanged();
      }
      node = child;
    }
    return node;
  }

  /**
   * File sites of one file that lie together in the index's order (no other site of the index comes between
   * them): at each node they go in as one block, so filing many costs a pass per node, not one per site.
   */
  add(filings: readonly Filing[]): void {
    const blocks = new Map<TreeNode, Entry[]>();
    for (const { levels, entry } of filings) {
      const node = this.nodeAt(levels);
      const block = blocks.get(node);
      if (block) block.push(entry);
      else blocks.set(node, [entry]);
    }
    for (const [node, block] of blocks) {
      const list = node.entries;
      const at = placeOf(list, block[0]!);
      if (at < list.length && precedes(list[at]!, block[block.length - 1]!))
        throw new Error('topic tree: filing sites that do not lie together');
      if (at === list.length) for (const entry of block) list.push(entry);
      else node.entries = list.slice(0, at).concat(block, list.slice(at));
      node.sitesChanged();
      // The subtrees on the path may now start with this block (their ancestors' first sites come no later).
      const first = block[0]!;
      for (let n: TreeNode | undefined = node; n && (!n.first || precedes(first, n.first)); n = n.parent) {
        n.first = first;
        n.parent?.childrenChanged();
      }
    }
  }

  /** Unfile sites of one file that lie together in the index's order, as `add` files them. */
  remove(filings: readonly Filing[]): void {
    const blocks = new Map<TreeNode, Entry[]>();
    for (const { levels, entry } of filings) {
      let node = this.root;
      for (const level of levels) node = node.children.get(level)!;
      const block = blocks.get(node);
      if (block) block.push(entry);
      else blocks.set(node, [entry]);
    }
    const gone = new Set<Entry>();
    // The nodes whose first site or children may change, deepest first: a node's first site is found from its children's.
    const touched = new Map<TreeNode, number>();
    for (const [node, block] of blocks) {
      const at = placeOf(node.entries, block[0]!);
      if (block.some((entry, k) => node.entries[at + k] !== entry))
        throw new Error('topic tree: unfiling a site not filed');
      node.entries.splice(at, block.length);
      node.sitesChanged();
      for (const entry of block) gone.add(entry);
      let depth = 0;
      for (let n = node.parent; n; n = n.parent) depth++;
      for (let n = node; n.parent && !touched.has(n); n = n.parent) touched.set(n, depth--);
    }
    for (const [n] of [...touched].sort((a, b) => b[1] - a[1])) {
      const parent = n.parent!;
      if (n.entries.length === 0 && n.children.size === 0) parent.children.delete(n.key);
      else if (gone.has(n.first!)) n.first = n.firstOfSubtree();
      else continue;
      parent.childrenChanged();
    }
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
        const children = node.ordered;
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
        const children = node.ordered;
        for (let c = children.length - 1; c >= 0; c--)
          if (children[c]!.key !== '#') tasks.push({ node: children[c]!, i: i + 1, all: false });
      } else {
        const plus = node.children.get('+');
        if (plus) tasks.push({ node: plus, i: i + 1, all: false });
        const exact = node.children.get(level);
        if (exact) tasks.push({ node: exact, i: i + 1, all: false });
      }
    }
  }
}

/** Sites of the nodes that `walk` hands over that `accept` keeps, at most `limit` of them. */
function collect(
  tree: TopicTree,
  levels: string[],
  accept: (site: IndexedSite) => boolean,
  limit: number,
): IndexedSite[] {
  const out: IndexedSite[] = [];
  tree.walk(levels, {
    take(node) {
      for (const { site } of node.entries) {
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
  /** The sites of each file as the trees hold them (keyed as `sites`, and in its order). */
  private readonly files = new Map<string, FileRecord>();
  private nextSeq = 0;
  /** Every accepted site's pattern, as written and with spelling folded. */
  private tree = new TopicTree();
  private spelledTree = new TopicTree();
  /** How many sites send, and how many receive, in all files. */
  private senders = 0;
  private receivers = 0;
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
    this.refile(uri, sites);
    if (sites.length) this.sites.set(uri, sites);
    else this.sites.delete(uri);
    if (clientIds.length) this.clientIds.set(uri, clientIds);
    else this.clientIds.delete(uri);
  }

  /** Forget every file (before a rebuild). */
  clear(): void {
    this.sites.clear();
    this.clientIds.clear();
    this.files.clear();
    this.tree = new TopicTree();
    this.spelledTree = new TopicTree();
    this.senders = this.receivers = 0;
  }

  delete(spelled: string): void {
    const uri = uriKey(spelled);
    this.refile(uri, []);
    this.sites.delete(uri);
    this.clientIds.delete(uri);
  }

  /**
   * File a file's new sites in place of its old ones. The sites before and after the part that changed keep
   * their entries (they take the new sites), so an edit moves only the sites whose topic it changed.
   */
  private refile(uri: string, sites: readonly IndexedSite[]): void {
    let file = this.files.get(uri);
    if (!file) {
      if (!sites.length) return;
      this.files.set(uri, (file = { seq: this.nextSeq++, entries: [] }));
    }
    const old = file.entries;
    const common = Math.min(old.length, sites.length);
    let head = 0;
    while (head < common && sameFiling(old[head]!.site, sites[head]!)) head++;
    let tail = 0;
    while (tail < common - head && sameFiling(old[old.length - 1 - tail]!.site, sites[sites.length - 1 - tail]!))
      tail++;
    this.unfile(old.slice(head, old.length - tail));
    if (!sites.length) {
      this.files.delete(uri);
      return;
    }
    const entries = new Array<Entry>(sites.length);
    for (let i = 0; i < head; i++) (entries[i] = old[i]!).site = sites[i]!;
    // The sites after the change keep their order, among themselves and against every other file's.
    for (let k = 1; k <= tail; k++) {
      const entry = (entries[sites.length - k] = old[old.length - k]!);
      entry.site = sites[sites.length - k]!;
      entry.place = sites.length - k;
    }
    for (let i = head; i < sites.length - tail; i++) entries[i] = new Entry(sites[i]!, file, i);
    this.fileEntries(entries.slice(head, sites.length - tail));
    file.entries = entries;
  }

  /** Where consecutive sites of one file go in the trees (a site a broker rejects, or too deep, goes nowhere); counted. */
  private filings(entries: readonly Entry[], sign: 1 | -1): { plain: Filing[]; spelled: Filing[] } {
    const plain: Filing[] = [];
    const spelled: Filing[] = [];
    for (const entry of entries) {
      const { site } = entry;
      if (isSending(site.role)) this.senders += sign;
      if (isReceiving(site.role)) this.receivers += sign;
      // A topic the broker rejects never carries a message: it is no one's counterpart.
      if (site.rejected) continue;
      const levels = site.pattern.split('/');
      if (levels.length > MAX_INDEXED_LEVELS) continue;
      plain.push({ levels, entry });
      spelled.push({ levels: spellingKey(site.pattern).split('/'), entry });
    }
    return { plain, spelled };
  }

  private fileEntries(entries: readonly Entry[]): void {
    if (!entries.length) return;
    const { plain, spelled } = this.filings(entries, 1);
    this.tree.add(plain);
    this.spelledTree.add(spelled);
  }

  private unfile(entries: readonly Entry[]): void {
    if (!entries.length) return;
    const { plain, spelled } = this.filings(entries, -1);
    this.tree.remove(plain);
    this.spelledTree.remove(spelled);
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
    const sending = isSending(site.role);
    if (!sending && !isReceiving(site.role)) return [];
    return collect(
      this.tree,
      site.pattern.split('/'),
      (other) => (sending ? isReceiving(other.role) : isSending(other.role)) && other !== site && where(other),
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
    return {
      senders: collect(this.tree, levels, (site) => isSending(site.role), limit),
      receivers: collect(this.tree, levels, (site) => isReceiving(site.role), limit),
    };
  }

  /** Every site that refers to the same traffic: the same topic, or one that matches it either way (at most `limit`). */
  references(site: IndexedSite, limit = 10_000): IndexedSite[] {
    // Two different published names never refer to each other; two filters only when equal.
    return collect(
      this.tree,
      site.pattern.split('/'),
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
    this.spelledTree.walk(spellingKey(site.pattern).split('/'), {
      take(node) {
        for (const run of node.runs) {
          if (levelsIntersect(levels, run.levels)) continue;
          for (const { site: other } of run.entries) {
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
    return this.receivers > 0;
  }

  hasSenders(): boolean {
    return this.senders > 0;
  }
}

/**
 * The workspace's MQTT topics: every publish, subscribe, will and routing site of every indexed file,
 * with the queries the workspace features need (who receives this, who sends that, similar spellings).
 * Pure data: the indexer fills it, the server asks it.
 */
import type { Range } from 'vscode-languageserver-types';
import { filtersIntersect, isReceiving, isSending, type TopicUse } from '../../../common/src/topics';

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

/** Spelling-insensitive form: case, `_`, `-` and spaces do not count (`living_room` ~ `LivingRoom`). */
export function spellingKey(topic: string): string {
  return topic.toLowerCase().replace(/[_\- ]/g, '');
}

interface TreeNode {
  children: Map<string, TreeNode>;
  sites: IndexedSite[];
}

const newNode = (): TreeNode => ({ children: new Map(), sites: [] });

/**
 * A topic tree, as brokers keep subscriptions: one node per level. Finding every pattern that could
 * meet a given one walks only the branches that can match, instead of comparing with every site.
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
    node.sites.push(site);
  }

  clear(): void {
    this.root = newNode();
  }

  /** Every site whose pattern intersects `levels` (both may hold `+` and `#`). */
  intersecting(levels: string[]): IndexedSite[] {
    const out: IndexedSite[] = [];
    const all = (node: TreeNode) => {
      out.push(...node.sites);
      for (const child of node.children.values()) all(child);
    };
    const visit = (node: TreeNode, i: number) => {
      const hash = node.children.get('#');
      if (hash) out.push(...hash.sites);
      if (i === levels.length) {
        out.push(...node.sites);
        return;
      }
      const level = levels[i]!;
      if (level === '#') {
        all(node);
        return;
      }
      if (level === '+') {
        for (const [key, child] of node.children) if (key !== '#') visit(child, i + 1);
        return;
      }
      const exact = node.children.get(level);
      if (exact) visit(exact, i + 1);
      const plus = node.children.get('+');
      if (plus) visit(plus, i + 1);
    };
    visit(this.root, 0);
    return out;
  }
}

export class TopicIndex {
  private readonly sites = new Map<string, IndexedSite[]>();
  private readonly clientIds = new Map<string, IndexedClientId[]>();
  /** Bumped on every change, so callers can cache derived results. */
  version = 0;
  /** Trees of every site's pattern, as written and with spelling folded; rebuilt lazily after changes. */
  private tree = new TopicTree();
  private spelledTree = new TopicTree();
  private treeVersion = -1;

  set(uri: string, sites: IndexedSite[], clientIds: IndexedClientId[]): void {
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

  delete(uri: string): void {
    if (this.sites.delete(uri) || this.clientIds.delete(uri)) this.version++;
  }

  private trees(): { tree: TopicTree; spelled: TopicTree } {
    if (this.treeVersion !== this.version) {
      this.tree.clear();
      this.spelledTree.clear();
      for (const site of this.allSites()) {
        this.tree.add(site.pattern.split('/'), site);
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
    return this.trees()
      .tree.intersecting(site.pattern.split('/'))
      .filter(
        (other) =>
          other !== site &&
          ((isSending(site.role) && isReceiving(other.role)) || (isReceiving(site.role) && isSending(other.role))),
      );
  }

  /** Every site that refers to the same traffic: the same topic, or one that matches it either way. */
  references(site: IndexedSite): IndexedSite[] {
    // Two different published names never refer to each other; two filters only when equal.
    return this.trees()
      .tree.intersecting(site.pattern.split('/'))
      .filter((other) => isSending(site.role) !== isSending(other.role) || other.pattern === site.pattern);
  }

  /** Topics that would meet this one if spelled alike (case, `_`, `-`), but as written never do. */
  similar(site: IndexedSite): IndexedSite[] {
    return this.trees()
      .spelled.intersecting(spellingKey(site.pattern).split('/'))
      .filter((other) => !filtersIntersect(site.pattern, other.pattern));
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

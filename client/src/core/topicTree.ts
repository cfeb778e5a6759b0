/**
 * The live topic model of one broker connection: a trie by topic level holding, per topic, the last
 * payload (a preview up to a cap, with the real size kept), retained flag as received, QoS, counts, times
 * and a bounded history; per node, how many topics and messages lie below it. A global budget of payload
 * bytes bounds memory: past it, the oldest kept payloads are dropped, counted and said so, never silently.
 *
 * Pure: no `vscode`, no mqtt.js. Views, tests and benchmarks use it the same way.
 */
import { topicMatches, withoutShare } from '../../../common/src/topics';

/** One message as the connection hands it over. */
export interface IncomingMessage {
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** Milliseconds since the epoch. */
  time: number;
  /** MQTT 5 properties, as received (kept with the last message and in the history). */
  properties?: Readonly<Record<string, unknown>>;
}

/** What the model keeps of a message: its metadata, a preview of the payload and the payload's real size. */
export type KeptMessage = Omit<IncomingMessage, 'topic' | 'payload'> & {
  /** The first `previewBytes` of the payload (the whole payload when it is smaller). */
  preview: Uint8Array;
  size: number;
};

/** A node of the trie: a topic level. It is a topic itself once a message arrived on exactly that path. */
export interface TopicNode {
  /** The level's name (may be empty: `a//b`, `/a`). */
  readonly name: string;
  /** The full topic path: a stable id for views. */
  readonly path: string;
  readonly parent: TopicNode | undefined;
  /** Child levels by name (a shared empty map until the first child: most nodes are leaves). */
  children: ReadonlyMap<string, TopicNode>;
  /** The last message on exactly this topic, when one arrived. */
  last?: KeptMessage;
  /** Older messages on this topic, oldest first, at most `historySize` (a shared empty array until the first). */
  history: readonly KeptMessage[];
  /** Messages on exactly this topic. */
  count: number;
  /** Topics (nodes with a message) at and below this node. */
  topics: number;
  /** Messages at and below this node. */
  messages: number;
  /** When a message last arrived at or below this node. */
  updated: number;
  /** The children in natural order, kept until a child is added. */
  sorted?: TopicNode[] | undefined;
}

export interface TopicTreeOptions {
  /** Bytes of each payload kept for previews and the message view. */
  previewBytes?: number;
  /** Messages kept per topic besides the last one. */
  historySize?: number;
  /** Bytes kept across the whole tree: previews and histories, each message counted with MESSAGE_OVERHEAD. */
  memoryBudget?: number;
}

/** What the model had to leave out to stay within its budget: shown to the user, never hidden. */
export interface Evictions {
  /** History entries dropped to stay within the memory budget. */
  history: number;
  /** Bytes of payload dropped in total. */
  bytes: number;
}

const DEFAULTS: Required<TopicTreeOptions> = {
  previewBytes: 64 * 1024,
  historySize: 20,
  memoryBudget: 64 * 1024 * 1024,
};

/**
 * What a kept message costs besides its payload bytes (its object, the Buffer object, pool slack), estimated
 * from `npm run bench`: counted in the memory budget, which otherwise would bound only the payloads while a
 * million small messages cost far more in objects.
 */
export const MESSAGE_OVERHEAD = 200;

/** Shared by every node without children or history: 100,000 topics are mostly leaves with one message. */
const NO_CHILDREN: ReadonlyMap<string, TopicNode> = new Map();
const NO_HISTORY: readonly KeptMessage[] = Object.freeze([]);

function newNode(name: string, path: string, parent: TopicNode | undefined): TopicNode {
  return {
    name,
    path,
    parent,
    children: NO_CHILDREN,
    last: undefined,
    history: NO_HISTORY,
    count: 0,
    topics: 0,
    messages: 0,
    updated: 0,
    sorted: undefined,
  };
}

/**
 * A copy of the first `length` bytes. A payload from the socket is a view into the chunk it was read with:
 * keeping the view would keep the whole chunk alive. Small copies come from Node's shared buffer pool.
 */
function copyOf(payload: Uint8Array, length: number): Uint8Array {
  // allocUnsafe + set is one memcpy (Buffer.from(typedArray) copies element by element).
  const copy = Buffer.allocUnsafe(length);
  copy.set(payload.subarray(0, length));
  return copy;
}

export class TopicTree {
  readonly root: TopicNode = newNode('', '', undefined);
  /** `$` topics (`$SYS/...`) live apart: they are the broker's, not the application's. */
  readonly system: TopicNode = newNode('$', '', undefined);
  readonly evicted: Evictions = { history: 0, bytes: 0 };
  private readonly options: Required<TopicTreeOptions>;
  /** Bytes held now: each kept message's preview and its estimated heap overhead. */
  private held = 0;
  /** Topics with history: eviction visits them in turn, from a cursor that survives between calls. */
  private readonly withHistory = new Set<TopicNode>();
  private cursor: Iterator<TopicNode> | undefined;
  /** Nodes changed since the last `takeChanged()` (recorded once a view has asked): views refresh only these. */
  private changed: Set<TopicNode> | undefined;

  constructor(options: TopicTreeOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Bytes of payload the model holds (previews and histories). */
  get heldBytes(): number {
    return this.held;
  }

  /** Add a batch of messages. */
  ingest(messages: Iterable<IncomingMessage>): void {
    for (const message of messages) this.add(message);
  }

  private add(message: IncomingMessage): void {
    const node = this.nodeFor(message.topic, true)!;
    const { payload } = message;
    const kept: KeptMessage = {
      preview: copyOf(payload, Math.min(payload.length, this.options.previewBytes)),
      size: payload.length,
      qos: message.qos,
      retain: message.retain,
      time: message.time,
      properties: message.properties,
    };
    const isNew = node.count === 0;
    if (node.last) {
      if (this.options.historySize > 0) {
        if (node.history === NO_HISTORY) node.history = [];
        const history = node.history as KeptMessage[];
        history.push(node.last);
        this.withHistory.add(node);
        if (history.length > this.options.historySize) this.drop(history.shift()!);
      } else this.drop(node.last);
    }
    node.last = kept;
    this.held += kept.preview.length + MESSAGE_OVERHEAD;
    node.count++;
    // What a view shows changed for this topic; for its levels above only when a topic was added (their topic
    // counts), so a steady stream on known topics refreshes those topics and nothing else.
    this.changed?.add(node);
    for (let n: TopicNode | undefined = node; n; n = n.parent) {
      n.messages++;
      if (isNew) {
        n.topics++;
        this.changed?.add(n);
      }
      n.updated = message.time;
    }
    if (this.held > this.options.memoryBudget) this.enforceBudget();
  }

  private drop(message: KeptMessage): void {
    this.held -= message.preview.length + MESSAGE_OVERHEAD;
  }

  /** Drop the oldest history entries, topic by topic, until the payloads fit the budget again. */
  private enforceBudget(): void {
    // Visit topics in turn (round robin from a lasting cursor), so no single topic loses all of its history
    // first; a fresh iterator per eviction would rescan the set's deleted entries every time.
    while (this.held > this.options.memoryBudget && this.withHistory.size > 0) {
      let next = this.cursor?.next();
      if (!next || next.done) {
        this.cursor = this.withHistory.values();
        next = this.cursor.next();
      }
      if (next.done) break;
      const node = next.value;
      const history = node.history as KeptMessage[];
      const dropped = history.shift();
      if (dropped) {
        this.drop(dropped);
        this.evicted.history++;
        this.evicted.bytes += dropped.preview.length;
      }
      if (history.length === 0) this.withHistory.delete(node);
    }
  }

  /** The node of a topic (created when `create`), in the system tree for `$` topics. */
  nodeFor(topic: string, create = false): TopicNode | undefined {
    let node = topic.charCodeAt(0) === 36 /* $ */ ? this.system : this.root;
    for (let start = 0; ;) {
      const slash = topic.indexOf('/', start);
      const end = slash < 0 ? topic.length : slash;
      const level = topic.slice(start, end);
      let child = node.children.get(level);
      if (!child) {
        if (!create) return undefined;
        // The path is made only for a new node: a known topic costs lookups, no string building.
        child = newNode(level, topic.slice(0, end), node);
        if (node.children === NO_CHILDREN) node.children = new Map();
        (node.children as Map<string, TopicNode>).set(level, child);
        node.sorted = undefined;
      }
      node = child;
      if (slash < 0) return node;
      start = slash + 1;
    }
  }

  /**
   * The nodes whose display changed since the last call (the views refresh these and nothing else): a topic
   * with a new message, and the levels above a topic that is new (their topic counts and children changed).
   * A level's message count changes with every message below it and is not reported.
   */
  takeChanged(): Set<TopicNode> {
    // Nothing is recorded until a view first asks (it draws everything then): a model without a view pays nothing.
    const changed = this.changed ?? new Set();
    this.changed = new Set();
    return changed;
  }

  /** Every topic with a message, in trie order (`$` topics last). */
  *topicsBelow(node: TopicNode = this.root): Generator<TopicNode> {
    const stack: TopicNode[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.count > 0) yield n;
      const children = this.sortedChildren(n);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  /**
   * The topics a filter matches, in natural order: the walk follows only the branches the filter's levels
   * can reach (a hover asks this of a tree of 100,000 topics), and every candidate is confirmed by the one
   * implementation of MQTT matching, `topicMatches`.
   */
  *matching(filter: string): Generator<TopicNode> {
    const levels = (withoutShare(filter) ?? '').split('/');
    const walk = function* (this: TopicTree, node: TopicNode, i: number): Generator<TopicNode> {
      const level = levels[i];
      if (level === undefined) {
        if (node.count > 0) yield node;
        return;
      }
      if (level === '#') {
        yield* this.topicsBelow(node);
        return;
      }
      const next = level === '+' ? this.childrenOf(node, 0, Infinity) : [node.children.get(level)];
      for (const child of next) if (child) yield* walk.call(this, child, i + 1);
    };
    const start = levels[0]?.startsWith('$') ? this.system : this.root;
    for (const topic of walk.call(this, start, 0)) if (topicMatches(filter, topic.path)) yield topic;
  }

  /** A node's children in natural order (`sensor2` before `sensor10`), a page at a time. */
  childrenOf(node: TopicNode, offset = 0, limit = 1000): TopicNode[] {
    return this.sortedChildren(node).slice(offset, offset + limit);
  }

  private sortedChildren(node: TopicNode): TopicNode[] {
    return (node.sorted ??= [...node.children.values()].sort((a, b) => naturalCompare(a.name, b.name)));
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/**
 * Messages per second on one topic, from the times of its kept messages (last and history) within the last
 * `windowMs`: undefined with fewer than two. An estimate bounded by the history size, said as "about".
 */
export function rateOf(node: TopicNode, now: number, windowMs = 60_000): number | undefined {
  if (!node.last) return undefined;
  const times = [...node.history.map((m) => m.time), node.last.time].filter((t) => t >= now - windowMs);
  if (times.length < 2) return undefined;
  const span = Math.max(now - times[0]!, 1);
  return (times.length / span) * 1000;
}

/** Natural order: digits compare as numbers, so `sensor2` comes before `sensor10`. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

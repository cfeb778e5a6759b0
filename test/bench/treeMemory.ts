/**
 * The topic model's memory, alone in a process started with --expose-gc (forked by `brokerBench.ts`): a
 * `TopicTree` with default options fed `topics` distinct topics, `perTopic` messages each, then a gc; it
 * reports what the tree holds per topic, on the V8 heap and in payload buffers (outside the heap).
 */
import { performance } from 'node:perf_hooks';
import { type IncomingMessage, TopicTree } from '../../client/src/core/topicTree';
import { benchPayload, benchTopic } from './workload';

export interface MemoryJob {
  topics: number;
  perTopic: number;
}

export interface MemoryResult extends MemoryJob {
  heapPerTopic: number;
  arrayBuffersPerTopic: number;
  /** Payload bytes the model counts against its budget, and the history entries it evicted. */
  heldBytes: number;
  evicted: number;
  ingestMs: number;
}

function measure(job: MemoryJob): MemoryResult {
  const gc = global.gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  const before = process.memoryUsage();
  const tree = new TopicTree();
  const start = performance.now();
  const time = Date.now();
  const batch: IncomingMessage[] = [];
  for (let round = 0; round < job.perTopic; round++)
    for (let t = 0; t < job.topics; t++) {
      batch.push({ topic: benchTopic(t), payload: benchPayload(round * job.topics + t), qos: 0, retain: false, time });
      if (batch.length === 1000) tree.ingest(batch.splice(0));
    }
  tree.ingest(batch.splice(0));
  const ingestMs = performance.now() - start;
  gc();
  const after = process.memoryUsage();
  if (tree.root.topics !== job.topics) throw new Error(`${tree.root.topics} topics in the tree, not ${job.topics}`);
  return {
    ...job,
    heapPerTopic: (after.heapUsed - before.heapUsed) / job.topics,
    arrayBuffersPerTopic: (after.arrayBuffers - before.arrayBuffers) / job.topics,
    heldBytes: tree.heldBytes,
    evicted: tree.evicted.history,
    ingestMs,
  };
}

process.once('message', (job: MemoryJob) => {
  process.send?.(measure(job), () => process.exit(0));
});

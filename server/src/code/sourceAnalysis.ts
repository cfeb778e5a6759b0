/**
 * One analysis of a source file, shared by its diagnostics, its hover and its workspace index entry,
 * so an edit analyses the text once.
 */
import type { Budget } from '../budget';
import { analyseConnections, type ConnectionAnalysis } from './connection';
import { findTopics, type FoundTopics } from './findTopics';
import { type LineIndex, lineIndex } from './lineIndex';
import type { CallPattern } from './patterns';

/** What one analysis of a source file found: topic sites and connection options. Computed once per text. */
export interface SourceAnalysis {
  text: string;
  languageId: string;
  found: FoundTopics;
  connections: ConnectionAnalysis;
  lines: LineIndex;
  /** True when the time budget ran out and part of the file was not analysed. */
  stopped: boolean;
}

/**
 * Analyse a source file once; undefined for a language we do not read. With a budget, it stops early when
 * time runs out. For an open `document`, the analysis keeps what its next one can take over after an edit,
 * and takes over what the `previous` one kept.
 */
export function analyseSource(
  text: string,
  languageId: string,
  extraPatterns: readonly CallPattern[] = [],
  budget?: Budget,
  document?: { previous?: SourceAnalysis },
): SourceAnalysis | undefined {
  const found = findTopics(
    text,
    languageId,
    extraPatterns,
    budget,
    document && { ...(document.previous ? { previous: document.previous.found } : {}) },
  );
  if (!found) return undefined;
  const connections = budget?.expired()
    ? { findings: [], clientIds: [] }
    : analyseConnections(text, languageId, budget);
  return { text, languageId, found, connections, lines: lineIndex(text), stopped: budget?.stopped ?? false };
}

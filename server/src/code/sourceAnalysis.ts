/**
 * One analysis of a source file, shared by its diagnostics, its hover and its workspace index entry,
 * so an edit analyses the text once.
 */
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
}

/** Analyse a source file once; undefined for a language we do not read. */
export function analyseSource(
  text: string,
  languageId: string,
  extraPatterns: readonly CallPattern[] = [],
): SourceAnalysis | undefined {
  const found = findTopics(text, languageId, extraPatterns);
  if (!found) return undefined;
  return { text, languageId, found, connections: analyseConnections(text, languageId), lines: lineIndex(text) };
}

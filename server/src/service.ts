/**
 * The analysis facade: one entry point per feature (diagnose, hover, complete, code actions, index
 * entry, references), dispatched by kind of document. The language server and mqtt-lint both call it;
 * it knows nothing of the protocol or the process. Files are reached only through the injected view.
 */
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  Hover,
  Location,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { documentKindOf } from '../../common/src/languages';
import { Budget } from './budget';
import { computeAclHover } from './acl/hoverAcl';
import { validateAcl } from './acl/validateAcl';
import { CODE_AREA } from './code/codes';
import { codeHover } from './code/hover';
import { type CallPattern, userPatterns } from './code/patterns';
import { analyseSource, type SourceAnalysis } from './code/sourceAnalysis';
import { codeProblems } from './code/validateCode';
import { computeConfCodeActions } from './conf/codeActions';
import { computeConfCompletions } from './conf/completion';
import { computeConfHover } from './conf/hover';
import { aclFilesOf } from './conf/references';
import { testOrExample, validateConfig } from './conf/validate';
import { type DiagnosticData, type Problem, SOURCE, toDiagnostics } from './diagnostics';
import { disableActions } from './suppress';
import { escapeMarkdown, textAsMarkdown } from './text';
import type { AnalysisSettings, DocumentContext, FileSystemView } from './types';
import { URI } from './uri';
import { type IndexEntry, indexEntry } from './workspace/indexEntry';
import { counterpartsMarkdown } from './workspace/presentation';
import type { IndexedSite, TopicIndex } from './workspace/topicIndex';
import { workspaceProblems } from './workspace/workspaceChecks';

/** A document as the analyses see it. */
export interface AnalysedDocument {
  uri: string;
  languageId: string;
  text: string;
}

interface SourceRecord {
  text: string;
  patterns: readonly CallPattern[];
  analysis: SourceAnalysis | undefined;
  entry?: IndexEntry;
}

const overlaps = (a: Range, b: Range) => contains(a, b.start) || contains(a, b.end) || contains(b, a.start);

const contains = (range: Range, p: Position) =>
  (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
  (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));

/** How long the analysis of one source file may take before it stops and says so: a crafted file must not block the server. */
export const MILLIS_PER_FILE = 1500;

export class AnalysisService {
  /** The last analysis of each source document: diagnostics, hover and index entry share it. */
  private readonly sources = new Map<string, SourceRecord>();
  private readonly patterns = new WeakMap<object, CallPattern[]>();
  /** The last diagnostics of each document, for the hover's explanations. */
  private readonly diagnosed = new Map<
    string,
    { text: string; settings: AnalysisSettings; diagnostics: Diagnostic[] }
  >();

  /** `millisPerFile`: the time budget of one source file's analysis (tests pass small ones). */
  constructor(
    private readonly fs?: FileSystemView,
    private readonly millisPerFile = MILLIS_PER_FILE,
  ) {}

  /** The user's call patterns of these settings, as table entries (computed once per settings value). */
  patternsOf(settings: AnalysisSettings): readonly CallPattern[] {
    const key = settings.topics.callPatterns;
    let patterns = this.patterns.get(key);
    if (!patterns) this.patterns.set(key, (patterns = userPatterns(key)));
    return patterns;
  }

  /** The one analysis of a source document's current text under these settings. */
  private source(doc: AnalysedDocument, settings: AnalysisSettings): SourceRecord {
    const patterns = this.patternsOf(settings);
    const key = URI.key(doc.uri);
    const cached = this.sources.get(key);
    if (cached && cached.text === doc.text && cached.patterns === patterns) return cached;
    // An edit: the calls it did not touch are taken over from the last analysis, not read again.
    const previous = cached?.patterns === patterns ? cached.analysis : undefined;
    const record: SourceRecord = {
      text: doc.text,
      patterns,
      analysis: analyseSource(doc.text, doc.languageId, patterns, new Budget(this.millisPerFile), { previous }),
    };
    this.sources.set(key, record);
    return record;
  }

  /** Drop what is kept for a document (closed, or no longer of interest). */
  forget(uri: string): void {
    this.sources.delete(URI.key(uri));
    this.diagnosed.delete(URI.key(uri));
  }

  private contextOf(doc: AnalysedDocument): DocumentContext {
    const path = URI.toFsPath(doc.uri);
    return path && this.fs ? { path, fs: this.fs } : {};
  }

  /** Diagnostics for a document; for source code, with the workspace checks when an index is given. */
  diagnose(doc: AnalysedDocument, settings: AnalysisSettings, workspace?: TopicIndex): Diagnostic[] {
    const diagnostics = this.computeDiagnostics(doc, settings, workspace);
    this.diagnosed.set(URI.key(doc.uri), { text: doc.text, settings, diagnostics });
    return diagnostics;
  }

  /** The last diagnostics of this text under these settings (the hover explains them), else new ones. */
  private lastDiagnostics(doc: AnalysedDocument, settings: AnalysisSettings, workspace?: TopicIndex): Diagnostic[] {
    const last = this.diagnosed.get(URI.key(doc.uri));
    return last && last.text === doc.text && last.settings === settings
      ? last.diagnostics
      : this.diagnose(doc, settings, workspace);
  }

  private computeDiagnostics(doc: AnalysedDocument, settings: AnalysisSettings, workspace?: TopicIndex): Diagnostic[] {
    switch (documentKindOf(doc.languageId)) {
      case 'conf':
        return validateConfig(doc.text, settings, this.contextOf(doc));
      case 'acl':
        return validateAcl(doc.text, settings);
      case 'code': {
        if (!settings.topics.enabled) return [];
        const { analysis } = this.source(doc, settings);
        if (!analysis) return [];
        const { problems, suppressions } = codeProblems(analysis, settings.topics);
        if (workspace && settings.topics.workspaceChecks) problems.push(...this.workspaceProblems(workspace, doc.uri));
        return toDiagnostics(problems, CODE_AREA, settings, suppressions, {
          testOrExample: testOrExample(this.contextOf(doc)),
        });
      }
      case undefined:
        return [];
    }
  }

  /** A workspace check that fails must not take the file's own diagnostics with it. */
  private workspaceProblems(workspace: TopicIndex, uri: string): Problem[] {
    try {
      return workspaceProblems(workspace, URI.key(uri));
    } catch {
      return [];
    }
  }

  /** What a file read from disk contributes to the index; nothing is kept (there are thousands). */
  fileIndexEntry(
    doc: AnalysedDocument,
    settings: AnalysisSettings,
    budget = new Budget(this.millisPerFile),
  ): IndexEntry {
    if (documentKindOf(doc.languageId) !== 'code' || !settings.topics.enabled) return { sites: [], clientIds: [] };
    return indexEntry(URI.key(doc.uri), analyseSource(doc.text, doc.languageId, this.patternsOf(settings), budget));
  }

  /** What an open source document contributes to the workspace index (nothing for other documents). */
  indexEntry(doc: AnalysedDocument, settings: AnalysisSettings): IndexEntry {
    if (documentKindOf(doc.languageId) !== 'code' || !settings.topics.enabled) return { sites: [], clientIds: [] };
    const record = this.source(doc, settings);
    record.entry ??= indexEntry(URI.key(doc.uri), record.analysis);
    return record.entry;
  }

  /** The indexed topic site under a position of a source document. */
  siteAt(doc: AnalysedDocument, position: Position, settings: AnalysisSettings): IndexedSite | undefined {
    return this.indexEntry(doc, settings).sites.find((site) => contains(site.range, position));
  }

  /**
   * The hover at a position: the option, value or topic under it (on a topic in code, with links to its
   * counterparts when an index is given), then why each of our diagnostics there matters: the Problems row
   * carries a headline only.
   */
  hover(doc: AnalysedDocument, position: Position, settings: AnalysisSettings, workspace?: TopicIndex): Hover | null {
    const base = this.baseHover(doc, position, settings, workspace);
    const why = this.lastDiagnostics(doc, settings, workspace)
      .filter((d) => contains(d.range, position))
      .map((d) => {
        const detail = (d.data as DiagnosticData | undefined)?.detail;
        return detail ? `**${escapeMarkdown(String(d.code))}**: ${textAsMarkdown(detail)}` : undefined;
      })
      .filter((x): x is string => x !== undefined);
    if (why.length === 0) return base;
    const value = base && typeof base.contents === 'object' && 'value' in base.contents ? base.contents.value : '';
    return {
      ...(base?.range ? { range: base.range } : {}),
      contents: { kind: 'markdown', value: [value, ...why].filter(Boolean).join('\n\n---\n\n') },
    };
  }

  private baseHover(
    doc: AnalysedDocument,
    position: Position,
    settings: AnalysisSettings,
    workspace?: TopicIndex,
  ): Hover | null {
    switch (documentKindOf(doc.languageId)) {
      case 'conf':
        return computeConfHover(doc.text, position, settings);
      case 'acl':
        return computeAclHover(doc.text, position);
      case 'code': {
        if (!settings.topics.enabled) return null;
        const { analysis } = this.source(doc, settings);
        const hover = analysis ? codeHover(analysis, position) : null;
        const site = hover && workspace ? this.siteAt(doc, position, settings) : undefined;
        if (!hover || !site || !workspace) return hover;
        const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        return {
          ...hover,
          contents: { kind: 'markdown', value: `${value}\n\n${counterpartsMarkdown(workspace, site)}` },
        };
      }
      case undefined:
        return null;
    }
  }

  /** Completion items at a position (mosquitto.conf only). */
  complete(doc: AnalysedDocument, position: Position, settings: AnalysisSettings): CompletionItem[] {
    return documentKindOf(doc.languageId) === 'conf' ? computeConfCompletions(doc.text, position, settings) : [];
  }

  /**
   * Quick fixes for the diagnostics the editor sends back for a range: the analysis's own fixes
   * (mosquitto.conf), then turning each code off for the line, or in the settings when the client can.
   */
  codeActions(
    doc: AnalysedDocument,
    range: Range,
    diagnostics: Diagnostic[],
    options: { settingsCommand?: boolean } = {},
  ): CodeAction[] {
    const kind = documentKindOf(doc.languageId);
    if (!kind) return [];
    const ours = diagnostics.filter((d) => d.source === SOURCE && overlaps(range, d.range));
    return [
      ...(kind === 'conf' ? computeConfCodeActions(ours, doc.uri) : []),
      ...disableActions(doc, kind, ours, { settingsCommand: options.settingsCommand === true, source: SOURCE }),
    ];
  }

  /** Every site in the workspace that meets the topic under a position: the same topic, or one matching it either way. */
  references(
    doc: AnalysedDocument,
    position: Position,
    settings: AnalysisSettings,
    workspace: TopicIndex,
    includeDeclaration: boolean,
  ): Location[] {
    const site = this.siteAt(doc, position, settings);
    if (!site) return [];
    return workspace
      .references(site)
      .filter((r) => includeDeclaration || r.uri !== site.uri || r.range.start.line !== site.range.start.line)
      .map((r) => ({ uri: r.uri, range: r.range }));
  }

  /** ACL files (absolute paths) a mosquitto.conf document names. */
  aclFilesOf(doc: AnalysedDocument): string[] {
    const path = URI.toFsPath(doc.uri);
    return path && documentKindOf(doc.languageId) === 'conf' ? aclFilesOf(path, doc.text) : [];
  }
}

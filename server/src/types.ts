/**
 * Shared types of the analysis service. A leaf module: it imports nothing of ours but the shared topic
 * types, so every feature (and the server and CLI around them) can depend on it without cycles.
 */
import type { TopicUse } from '../../common/src/topics';

/** Severity names as users write them in settings and as the CLI prints them. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** A per-code override: a severity, or `off` to silence the code. */
export type SeverityOverride = SeverityName | 'off';

/** The mosquitto release family whose parser the analysis must agree with. */
export type MosquittoVersion = '2.0' | '2.1';

/** Plain settings the analyses take; the server maps `mqttWorkbench.*` onto this. */
export interface AnalysisSettings {
  mosquittoVersion: MosquittoVersion;
  severity: Readonly<Record<string, SeverityOverride>>;
  maxDiagnosticsPerFile: number;
  checkReferencedFiles: boolean;
  /** The folder mosquitto runs in, against which it resolves relative paths; '' means the config's folder. */
  mosquittoWorkingDirectory: string;
  topics: TopicSettings;
}

/** A user's own MQTT call: the function name, the topic argument's index, and what it does. */
export interface UserCallPatternSetting {
  function: string;
  argument: number;
  role: TopicUse;
  languages?: string[];
}

export interface TopicSettings {
  /** Check MQTT topics in source code. */
  enabled: boolean;
  /** Report topics with more levels than this (0: no limit). */
  maxDepth: number;
  callPatterns: readonly UserCallPatternSetting[];
  /** Workspace-wide checks (unmatched topics, similar spellings, QoS downgrades, shared client ids). */
  workspaceChecks: boolean;
  /** At most this many source files are indexed. */
  indexMaxFiles: number;
  /** Globs (relative to a workspace folder) left out of the index. */
  indexExclude: readonly string[];
}

export const defaultSettings: AnalysisSettings = {
  mosquittoVersion: '2.0',
  severity: {},
  maxDiagnosticsPerFile: 200,
  checkReferencedFiles: true,
  mosquittoWorkingDirectory: '',
  topics: {
    enabled: true,
    maxDepth: 8,
    callPatterns: [],
    workspaceChecks: true,
    indexMaxFiles: 5000,
    indexExclude: [],
  },
};

/**
 * The little of the file system the config analysis needs (referenced files, include_dir).
 * Injected so the analysis stays pure: the server and CLI pass a real one, tests may pass a real
 * one over a temp folder, and an editor without disk access passes none.
 */
export interface FileSystemView {
  /**
   * Whether the analyses may read this absolute path (links resolved): only inside the workspace. Elsewhere
   * a path a config names is checked for existence at most, never read or quoted.
   */
  mayRead(path: string): boolean;
  /** Whether a file or directory exists at this absolute path. */
  exists(path: string): boolean;
  /** Whether this absolute path is a directory. */
  isDirectory(path: string): boolean;
  /** Names of the entries in a directory, or undefined when it cannot be read. */
  readDirectory(path: string): string[] | undefined;
  /** A file's text (UTF-8), or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Whether the file on disk starts with a UTF-8 byte order mark (editors hide it from the text). */
  hasByteOrderMark?(path: string): boolean;
}

/** What searching and indexing a workspace needs on top: asynchronous listing and reading. */
export interface WorkspaceFileSystem extends FileSystemView {
  /** Size in bytes of a regular file; undefined for anything else or when it cannot be read. */
  fileSize(path: string): number | undefined;
  /** A file's text, decoded as mosquitto reads it (invalid UTF-8 as U+FFFD, a BOM kept), or undefined. */
  readText(path: string): Promise<string | undefined>;
  /** Absolute paths of the files below a folder, honouring .gitignore inside a git checkout. */
  listFiles(folder: string): Promise<string[]>;
}

/** Where the text being analysed lives; both optional for unsaved documents. */
export interface DocumentContext {
  /** Absolute file system path of the document, when it has one. */
  path?: string;
  fs?: FileSystemView;
}

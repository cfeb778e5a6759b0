/** The custom messages between the MQTT Workbench client and language server, typed once for both sides. */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** What the client tells the server when it starts it (`initializationOptions`). */
export interface InitializationOptions {
  /**
   * Whether the workspace is trusted. When false the server reads nothing beyond the open documents and
   * runs no program (no git, no workspace index, no referenced-file checks). Editors without a notion of
   * trust leave it out, which means trusted.
   */
  trusted?: boolean;
  /** Whether the client has the `mqttWorkbench.setSeverity` command ("Disable <code> in settings"). */
  canSetSeverity?: boolean;
}

/** Files named by `acl_file` in the workspace's configs, as `file:` URIs: the client opens them as ACL documents. */
export interface AclFilesParams {
  /** Files not announced before (a delta: the client keeps the ones it was told of). */
  added: string[];
}

/** Server → client: ACL files found since the last notification. */
export const AclFilesNotification = new NotificationType<AclFilesParams>('mqttWorkbench/aclFiles');

/** What "Lint Workspace" did: how many files it read and how many problems it put in the Problems panel. */
export type LintWorkspaceResult =
  | { files: number; problems: number; skipped: number }
  /** Not done, and why (Restricted Mode: the server reads only the open documents). */
  | { refused: string };

/** Client → server: diagnose every file of the workspace folders and publish the results (Problems panel). */
export const LintWorkspaceRequest = new RequestType0<LintWorkspaceResult, void>('mqttWorkbench/lintWorkspace');

/** Client → server: the MQTT topic written at a position of a source document, for live data from a broker. */
export interface TopicAtParams {
  uri: string;
  position: { line: number; character: number };
}

export interface TopicAt {
  /** As written, placeholders as `{name}`. */
  display: string;
  /** As a filter for matching live topics: a level with a placeholder is `+`. */
  pattern: string;
  role: string;
}

export const TopicAtRequest = new RequestType<TopicAtParams, TopicAt | null, void>('mqttWorkbench/topicAt');

/** A place in the workspace's code that uses an MQTT topic (from the language server's workspace index). */
export interface CodeSite {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** As written, placeholders as `{name}`. */
  display: string;
  /** As a filter: a level with a placeholder is `+`. */
  pattern: string;
  role: string;
}

export interface TopicSitesParams {
  /** Live topic names (no wildcards). */
  topics: string[];
  /** At most this many sites per side and topic (default 20). */
  limit?: number;
}

/** The code on each side of one live topic. */
export interface TopicSites {
  topic: string;
  /** Code that publishes to this topic (or a will/route that sends to it). */
  publishers: CodeSite[];
  /** Code whose subscription receives it (`#` catch-alls included). */
  subscribers: CodeSite[];
}

export type TopicSitesResult =
  | {
      /** False while the workspace index is still being built: the answer may miss files. */
      complete: boolean;
      /** Files of the workspace with MQTT topics in them. */
      files: number;
      topics: TopicSites[];
    }
  /** No index, and why (Restricted Mode). */
  | { refused: string };

/** Client → server: which code publishes or subscribes to each of these live topics. */
export const TopicSitesRequest = new RequestType<TopicSitesParams, TopicSitesResult, void>('mqttWorkbench/topicSites');

export type CodeSubscriptionsResult = { complete: boolean; files: number; sites: CodeSite[] } | { refused: string };

/** Client → server: every receiving site of the workspace's code (at most 5,000), to find those a broker never feeds. */
export const CodeSubscriptionsRequest = new RequestType0<CodeSubscriptionsResult, void>(
  'mqttWorkbench/codeSubscriptions',
);

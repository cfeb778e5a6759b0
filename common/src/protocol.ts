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

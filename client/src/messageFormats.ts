/**
 * The message view's formats in VS Code: `mqttWorkbench.payloadFormats` read (its problems logged), and
 * the `.proto` files it names read through `workspace.fs` (a workspace's own files: never in Restricted
 * Mode), parsed once and again when they change.
 */
import * as vscode from 'vscode';
import { loadProtoSchema, type ProtoSchema } from './core/decoders';
import { renderMessage, type RenderedMessage } from './core/payload';
import { formatFor, type PayloadFormat, parsePayloadFormats } from './core/payloadFormats';
import type { KeptMessage } from './core/topicTree';

export class MessageFormats implements vscode.Disposable {
  private formats: PayloadFormat[] = [];
  /** Parsed schemas by file and type, with the file's modification time. */
  private readonly schemas = new Map<string, { mtime: number; schema: Promise<ProtoSchema> }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.load();
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.proto');
    const forget = () => this.schemas.clear();
    this.disposables.push(
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mqttWorkbench.payloadFormats')) this.load();
      }),
    );
  }

  private load(): void {
    const raw = vscode.workspace.getConfiguration('mqttWorkbench').get('payloadFormats');
    const { formats, problems } = parsePayloadFormats(raw);
    for (const problem of problems) this.output.warn(problem);
    this.formats = formats;
    this.schemas.clear();
  }

  /** A topic's message, decoded by the format configured for its topic (or automatically). */
  async render(topic: string, message: KeptMessage): Promise<RenderedMessage> {
    const entry = formatFor(topic, this.formats);
    if (!entry) return renderMessage(topic, message);
    const schema = entry.format === 'protobuf' ? { schema: await this.schema(entry) } : {};
    return renderMessage(topic, message, { format: entry.format, source: entry.source, ...schema });
  }

  private async schema(entry: PayloadFormat): Promise<ProtoSchema> {
    const { proto = '', type = '' } = entry;
    if (!vscode.workspace.isTrusted)
      return { problem: `Restricted Mode: ${proto} is not read until you trust this workspace` };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      /^([/\\]|[a-zA-Z]:)/.test(proto) || !folder ? vscode.Uri.file(proto) : vscode.Uri.joinPath(folder, proto);
    let mtime: number;
    try {
      mtime = (await vscode.workspace.fs.stat(uri)).mtime;
    } catch {
      return { problem: `${proto} not found` };
    }
    const key = `${uri.toString()}#${type}`;
    const cached = this.schemas.get(key);
    if (cached?.mtime === mtime) return cached.schema;
    // Paths as protobufjs resolves imports: the URI's path, on the same file system (local or remote).
    const schema = loadProtoSchema(uri.path, type, async (path) =>
      new TextDecoder().decode(await vscode.workspace.fs.readFile(uri.with({ path }))),
    );
    this.schemas.set(key, { mtime, schema });
    return schema;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

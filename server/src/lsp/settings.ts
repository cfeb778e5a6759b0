/** Settings from the client: per document (resource scope) and for the window, cached until they change. */
import type { Connection } from 'vscode-languageserver';
import { readSettings } from '../settings';
import { type AnalysisSettings, defaultSettings } from '../types';
import { URI } from '../uri';

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<AnalysisSettings>>();
  canPull = false;

  constructor(private readonly connection: Connection) {}

  /** The settings that apply to a document. */
  forDocument(uri: string): Promise<AnalysisSettings> {
    if (!this.canPull) return Promise.resolve(defaultSettings);
    const key = URI.key(uri);
    let cached = this.byUri.get(key);
    if (!cached) {
      cached = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'mqttWorkbench' })
        .then(readSettings, () => defaultSettings);
      this.byUri.set(key, cached);
    }
    return cached;
  }

  /** The window's settings (what the workspace index is built with). */
  async forWindow(): Promise<AnalysisSettings> {
    if (!this.canPull) return defaultSettings;
    return this.connection.workspace.getConfiguration('mqttWorkbench').then(readSettings, () => defaultSettings);
  }

  forget(uri: string): void {
    this.byUri.delete(URI.key(uri));
  }

  clear(): void {
    this.byUri.clear();
  }
}

import { type AnalysisSettings, defaultSettings, type SeverityOverride } from './types';

const severities = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

/** Map the raw `mqttWorkbench` configuration section onto analysis settings, ignoring what is malformed. */
export function readSettings(raw: unknown): AnalysisSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const mosquitto = (section.mosquitto ?? {}) as Record<string, unknown>;
  const diagnostics = (section.diagnostics ?? {}) as Record<string, unknown>;
  const severity: Record<string, SeverityOverride> = {};
  if (diagnostics.severity && typeof diagnostics.severity === 'object') {
    for (const [code, value] of Object.entries(diagnostics.severity as Record<string, unknown>)) {
      if (typeof value === 'string' && severities.has(value)) severity[code] = value as SeverityOverride;
    }
  }
  const max = diagnostics.maxPerFile;
  return {
    mosquittoVersion: mosquitto.version === '2.1' ? '2.1' : '2.0',
    severity,
    maxDiagnosticsPerFile: typeof max === 'number' && max >= 1 ? Math.floor(max) : defaultSettings.maxDiagnosticsPerFile,
    checkReferencedFiles: diagnostics.checkReferencedFiles !== false,
  };
}

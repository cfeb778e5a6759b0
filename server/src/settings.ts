import { type AnalysisSettings, defaultSettings, type SeverityOverride, type UserCallPatternSetting } from './types';

const ROLES = new Set(['publish', 'subscribe', 'unsubscribe', 'will', 'route']);

function readCallPatterns(raw: unknown): UserCallPatternSetting[] {
  if (!Array.isArray(raw)) return [];
  const out: UserCallPatternSetting[] = [];
  for (const value of raw as unknown[]) {
    if (typeof value !== 'object' || value === null) continue;
    const item = value as Record<string, unknown>;
    if (
      typeof item.function !== 'string' ||
      typeof item.argument !== 'number' ||
      typeof item.role !== 'string' ||
      !ROLES.has(item.role)
    )
      continue;
    const pattern: UserCallPatternSetting = {
      function: item.function,
      argument: Math.max(0, Math.floor(item.argument)),
      role: item.role as UserCallPatternSetting['role'],
    };
    if (Array.isArray(item.languages))
      pattern.languages = item.languages.filter((l): l is string => typeof l === 'string');
    out.push(pattern);
  }
  return out;
}

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
  const topics = (section.topics ?? {}) as Record<string, unknown>;
  const depth = topics.maxDepth;
  const index = (topics.index ?? {}) as Record<string, unknown>;
  return {
    topics: {
      enabled: topics.enabled !== false,
      maxDepth: typeof depth === 'number' && depth >= 0 ? Math.floor(depth) : defaultSettings.topics.maxDepth,
      callPatterns: readCallPatterns(topics.callPatterns),
      workspaceChecks: topics.workspaceChecks !== false,
      indexMaxFiles:
        typeof index.maxFiles === 'number' && index.maxFiles >= 0
          ? Math.floor(index.maxFiles)
          : defaultSettings.topics.indexMaxFiles,
      indexExclude: Array.isArray(index.exclude) ? index.exclude.filter((g): g is string => typeof g === 'string') : [],
    },
    mosquittoVersion: mosquitto.version === '2.1' ? '2.1' : '2.0',
    severity,
    maxDiagnosticsPerFile:
      typeof max === 'number' && max >= 1 ? Math.floor(max) : defaultSettings.maxDiagnosticsPerFile,
    checkReferencedFiles: diagnostics.checkReferencedFiles !== false,
    mosquittoWorkingDirectory: typeof mosquitto.workingDirectory === 'string' ? mosquitto.workingDirectory.trim() : '',
  };
}

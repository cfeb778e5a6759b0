/** Shared by the source-code analysis tests: the settings the fixtures' expected diagnostics were written for. */
import type { CodeSettings } from '../../server/src/code/validateCode';

export const CODE_SETTINGS: CodeSettings = { severity: {}, maxDepth: 8, maxDiagnosticsPerFile: 200, extraPatterns: [] };

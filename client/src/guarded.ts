/**
 * Commands that never throw into the extension host: a failure is logged and said to the user in one line,
 * and the command resolves with undefined (callers, tests included, tell success by the result).
 */
import * as vscode from 'vscode';

export type CommandRegistrar = (id: string, run: (...args: never[]) => unknown) => vscode.Disposable;

export function guardedCommands(output: vscode.LogOutputChannel): CommandRegistrar {
  return (id, run) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (run as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        output.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`MQTT: ${message}`);
        return undefined;
      }
    });
}

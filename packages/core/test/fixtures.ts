import { readFileSync } from 'node:fs';
import { recordOrThrow, type KieClient, type TaskRecord, type WaitOptions } from '../src/index.js';

/** Reads a fixture file's text from test/fixtures. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Reads and parses a fixture. */
export function fixture(name: string): {
  code: number;
  msg?: string;
  message?: string;
  data: Record<string, unknown>;
} {
  return JSON.parse(fixtureText(name)) as never;
}

/** Waits as `waitForTask` did before it settled: the finished record, or the outcome's error thrown. */
export async function waitOrThrow(
  client: KieClient,
  taskId: string,
  options?: WaitOptions,
): Promise<TaskRecord> {
  return recordOrThrow(await client.waitForTask(taskId, options));
}

import { readFileSync } from 'node:fs';

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

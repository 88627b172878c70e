// Choosing which fault (if any) hits a status query, and the odd bodies some faults send.
import { STATUS_CODES } from 'node:http';
import type { Fault, FaultWhen } from './scenario.js';

/** True if the 1-based status query number `poll` is selected by `when`. */
export function matchesWhen(when: FaultWhen, poll: number): boolean {
  if (when === 'always') return true;
  if (typeof when === 'number') return when === poll;
  if (Array.isArray(when)) return when.includes(poll);
  return poll >= when.from && (when.to === undefined || poll <= when.to);
}

/** The first fault selecting status query number `poll`; faults are not combined. */
export function faultFor(faults: readonly Fault[] | undefined, poll: number): Fault | undefined {
  return faults?.find((fault) => matchesWhen(fault.on, poll));
}

/** An nginx-style error page, as a proxy in front of an API sends when the upstream fails. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** The first half of a body (by characters), so it no longer parses as JSON. */
export function truncate(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

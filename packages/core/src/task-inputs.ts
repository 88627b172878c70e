/**
 * The create input of the Action (`input`) and the CLI (`--input`): JSON or YAML text holding one mapping (one
 * task) or a list of mappings (one task each). The YAML parser is passed in, so the core stays dependency-free and
 * the Action loads it only for text that is not JSON.
 */

/** Why a create input was refused; the message completes "Invalid input: …" in each face's own words. */
export class TaskInputError extends Error {
  override readonly name = 'TaskInputError';
}

/** True when `text` is given and is not JSON, so reading it needs the YAML parser. */
export function inputNeedsYaml(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * Reads a mapping or a list of mappings, as JSON or (with `parseYaml`) YAML.
 * @throws {TaskInputError} naming what was wrong and where (`item 2 of the list (input[1])`).
 */
export function parseTaskInputs(
  text: string,
  parseYaml?: (text: string) => unknown,
): Record<string, unknown>[] {
  let value: unknown;
  if (!inputNeedsYaml(text)) value = JSON.parse(text);
  else if (!parseYaml) throw new TaskInputError('it is not JSON.');
  else {
    try {
      value = parseYaml(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TaskInputError(`neither JSON nor YAML. ${message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  if (isMapping(value)) return [value];
  if (!Array.isArray(value)) {
    throw new TaskInputError(
      `expected a mapping (one task) or a list of mappings (one task each), got ${kindOf(value)}.`,
    );
  }
  if (value.length === 0) throw new TaskInputError('the list is empty; give at least one mapping.');
  value.forEach((item, index) => {
    if (!isMapping(item)) {
      throw new TaskInputError(
        `item ${index + 1} of the list (input[${index}]) is ${kindOf(item)}, expected a mapping of the task's fields.`,
      );
    }
  });
  return value as Record<string, unknown>[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

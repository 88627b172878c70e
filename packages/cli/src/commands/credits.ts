/** `kie-task credits`: the account's remaining credits (also a quick check of the key). */
import { ExitCode, exitCodeForError } from '../exit-codes.js';
import { connect, printError, printJson, type CommandContext, type GlobalFlags } from './context.js';

/** Flags of `credits`. */
export interface CreditsFlags extends GlobalFlags {
  json?: boolean;
}

/** Prints the credits: the bare number, or `{"credits": n}` with --json. */
export async function runCredits(flags: CreditsFlags, ctx: CommandContext): Promise<number> {
  const { client } = connect(ctx, flags, { oneShot: true });
  try {
    const credits = await client.getCredits(ctx.io.signal ? { signal: ctx.io.signal } : {});
    if (flags.json) printJson(ctx, { credits });
    else ctx.io.stdout.write(`${credits}\n`);
    return ExitCode.Ok;
  } catch (error) {
    const code = exitCodeForError(error);
    printError(ctx, code === ExitCode.Interrupted ? 'interrupted' : (error as Error).message);
    return code;
  }
}

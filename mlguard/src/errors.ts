/**
 * Errors that end a run with exit code 2.
 *
 * Every failure that means "mlguard could not reach a verdict" (a missing file, a malformed config,
 * a pack that would not start, a program that threw) is raised as a {@link UsageError} carrying one
 * sentence for the user. The CLI prints that sentence and nothing else.
 */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The exit codes of every command, in one place. */
export const ExitCode = {
    /** No mandatory violation. */
    Ok: 0,
    /** At least one mandatory violation. */
    Mandatory: 1,
    /** Bad input, or no verdict could be reached. */
    BadInput: 2,
} as const;

/** The first line of an error, without a stack. */
export function firstLine(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    return (
        text
            .split("\n")
            .find((l) => l.trim() !== "")
            ?.trim() ?? text
    );
}

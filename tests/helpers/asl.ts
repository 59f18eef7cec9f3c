/**
 * Structural checks of Amazon States Language definitions the components generate.
 */
import * as assert from "assert";

/** Every state a state can go to next. */
export function successors(state: any): string[] {
    const next = [state.Next, state.Default, ...(state.Choices ?? []).map((c: any) => c.Next), ...(state.Catch ?? []).map((c: any) => c.Next)];
    return next.filter((n): n is string => typeof n === "string");
}

/** Asserts that every transition leads to an existing state, every state is reachable, and only end states end. */
export function assertWellFormed(definition: any): void {
    const names = Object.keys(definition.States);
    const reached = new Set<string>([definition.StartAt]);
    const queue = [definition.StartAt];
    while (queue.length > 0) {
        const state = definition.States[queue.shift()!];
        assert.ok(state, `transition to a missing state`);
        for (const n of successors(state)) {
            assert.ok(names.includes(n), `transition to missing state ${n}`);
            if (!reached.has(n)) {
                reached.add(n);
                queue.push(n);
            }
        }
    }
    assert.deepStrictEqual([...reached].sort(), [...names].sort(), "no unreachable states");
    for (const [name, s] of Object.entries<any>(definition.States)) {
        const terminal = ["Succeed", "Fail"].includes(s.Type) || s.End === true;
        assert.ok(terminal || successors(s).length > 0, `${name} goes nowhere`);
    }
}

/**
 * Test harness: realistic mocks, set once per mocha process.
 *
 * The Pulumi runtime is a process-wide singleton, so every test file shares
 * one mocks instance and resets its record before each test.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, RecordedResource } from "../../components/testing";

export { valueOf } from "../../components/testing";

export const mocks = new AwsMocks({ accountId: "111122223333", region: "us-east-1" });

let installed = false;

/** Installs the mocks (idempotent) and clears the record. Call in `beforeEach`. */
export function useMocks(stack = "test", config: Record<string, string> = {}): AwsMocks {
    if (!installed) {
        // setMocks resolves once the mock monitor is in place, which it is synchronously.
        void pulumi.runtime.setMocks(mocks, "ml-platform", stack, false);
        installed = true;
    }
    pulumi.runtime.setAllConfig({ "aws:region": mocks.region, ...config });
    mocks.reset();
    return mocks;
}

// The SDK's own "wait until the RPC queue drains", used before it disconnects.
// It is marked internal, so it is reached through the module rather than typed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

/** Waits until every resource registration in flight has reached the mocks. */
export async function settle(): Promise<void> {
    await settings.waitForRPCs();
}

/** Parses a JSON document input that may arrive as a string or as an object. */
export function parseJson(value: unknown): any {
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** The statements of a policy document recorded on a resource input. */
export function statements(resource: RecordedResource, prop = "policy"): any[] {
    const doc = parseJson(resource.inputs[prop]);
    if (!doc || !Array.isArray(doc.Statement)) {
        throw new Error(`${resource.type} "${resource.name}" has no policy document in "${prop}"`);
    }
    return doc.Statement;
}

/** The statement with the given Sid; throws when absent. */
export function statement(stmts: any[], sid: string): any {
    const found = stmts.find((s) => s.Sid === sid);
    if (!found) {
        throw new Error(`no statement with Sid "${sid}" (have: ${stmts.map((s) => s.Sid).join(", ")})`);
    }
    return found;
}

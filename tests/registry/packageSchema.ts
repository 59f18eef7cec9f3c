/**
 * The package's schema, obtained once per mocha process the way `pulumi package add` and
 * `pulumi package publish` obtain it: Pulumi's Node.js language host runs
 * `node @pulumi/pulumi/cmd/run-plugin <package dir> [engine address]` (RunPlugin in pulumi-language-nodejs), which
 * requires the directory (package.json `main`, here provider.ts) under ts-node with type checking; the provider
 * prints its port, and the CLI calls GetSchema over gRPC. The only thing missing is the engine, which GetSchema
 * does not use.
 *
 * The child runs in an empty working directory, as it would for a consumer whose project is not a TypeScript
 * project, so it gets no tsconfig.json or node_modules/@types from the caller.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { PackageSchemaJson } from "./schemaAudit";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emptyProto = require("google-protobuf/google/protobuf/empty_pb");

export const COMPONENTS_DIR = path.resolve(__dirname, "../../components");

/** What the running package answered. */
export interface PluginAnswers {
    schema: PackageSchemaJson;
    /** GetPluginInfo's version. */
    version: string;
}

let answers: Promise<PluginAnswers> | undefined;

/** Starts the package as a plugin, asks GetPluginInfo and GetSchema, and stops it. */
export function pluginAnswers(): Promise<PluginAnswers> {
    answers ??= askPlugin();
    return answers;
}

export async function packageSchema(): Promise<PackageSchemaJson> {
    return (await pluginAnswers()).schema;
}

async function askPlugin(): Promise<PluginAnswers> {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "ml-platform-plugin-cwd-"));
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin");
    const child = spawn(process.execPath, [runPlugin, COMPONENTS_DIR], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
    try {
        const port = await portOf(child);
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            const info = await unary<{ getVersion(): string }>(client, "getPluginInfo", new emptyProto.Empty());
            const schema = await unary<{ getSchema(): string }>(client, "getSchema", new providerProto.GetSchemaRequest());
            return { schema: JSON.parse(schema.getSchema()), version: info.getVersion() };
        } finally {
            client.close();
        }
    } finally {
        child.kill();
        fs.rmSync(cwd, { recursive: true, force: true });
    }
}

/** The port the provider prints on its first line of output, or the reason it never did. */
function portOf(child: ChildProcess): Promise<number> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const match = /^(\d+)\s*$/m.exec(stdout);
            if (match) {
                resolve(Number(match[1]));
            }
        });
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        child.on("error", reject);
        child.on("exit", (code, signal) => reject(new Error(`the component package exited (${code ?? signal}) before serving:\n${stderr || stdout}`)));
    });
}

function unary<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
        client[method](request, (err: grpc.ServiceError | null, response: T) => (err ? reject(new Error(err.details || err.message)) : resolve(response))),
    );
}

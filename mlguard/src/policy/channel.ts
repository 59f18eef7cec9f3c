/**
 * A unary gRPC client over Node's own HTTP/2, for talking to one policy pack.
 *
 * The pack's server is the policy SDK's `@grpc/grpc-js` server; only the client side is lean.
 * A general-purpose gRPC client spends most of its time per call on machinery a local,
 * plaintext, unary, deadline-free conversation doesn't use (interceptors, retries, channelz,
 * async-hook bookkeeping). A stack analysis is tens of thousands of small calls, so here each call
 * is one HTTP/2 stream carrying one length-prefixed protobuf message, as the gRPC wire protocol
 * defines it, and the answer's `grpc-status` trailer decides the outcome.
 */
import * as http2 from "http2";

/** gRPC status codes the caller distinguishes. */
export const Status = { OK: 0, UNIMPLEMENTED: 12, UNAVAILABLE: 14, INTERNAL: 13 } as const;

export class GrpcError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(`gRPC status ${code}: ${details}`);
        this.name = "GrpcError";
    }
}

/** A message type from `@pulumi/pulumi/proto`: encodes itself, decodes from bytes. */
export interface MessageType {
    deserializeBinary(bytes: Uint8Array): any;
}

function frame(payload: Uint8Array): Buffer {
    const header = Buffer.allocUnsafe(5);
    header[0] = 0; // not compressed
    header.writeUInt32BE(payload.length, 1);
    return Buffer.concat([header, payload]);
}

function decodeMessage(data: Buffer): Buffer {
    if (data.length < 5) {
        return Buffer.alloc(0);
    }
    if (data[0] !== 0) {
        throw new GrpcError(Status.INTERNAL, "compressed response without negotiated compression");
    }
    const len = data.readUInt32BE(1);
    return data.subarray(5, 5 + len);
}

export class Channel {
    private session: http2.ClientHttp2Session | undefined;
    private closed = false;

    constructor(readonly port: number) {}

    private connect(): http2.ClientHttp2Session {
        if (!this.session || this.session.closed || this.session.destroyed) {
            const session = http2.connect(`http://127.0.0.1:${this.port}`, {
                // Large AnalyzeStack requests and responses need more than the default 64 KiB windows.
                settings: { initialWindowSize: 16 * 1024 * 1024, enablePush: false },
                peerMaxConcurrentStreams: 10000,
            });
            session.on("error", () => undefined);
            session.once("connect", () => session.setLocalWindowSize(64 * 1024 * 1024));
            // The pack's lifetime, not this session, keeps the process alive.
            session.unref();
            this.session = session;
        }
        return this.session;
    }

    /** Calls `path` (e.g. `/pulumirpc.Analyzer/Analyze`) with an encoded request. */
    call(path: string, request: Uint8Array, responseType: MessageType): Promise<any> {
        if (this.closed) {
            return Promise.reject(new GrpcError(Status.UNAVAILABLE, "channel closed"));
        }
        return new Promise((resolve, reject) => {
            let stream: http2.ClientHttp2Stream;
            try {
                stream = this.connect().request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" }, { endStream: false });
            } catch (e) {
                reject(new GrpcError(Status.UNAVAILABLE, (e as Error).message));
                return;
            }
            const chunks: Buffer[] = [];
            let status: number | undefined;
            let message = "";
            const takeStatus = (headers: http2.IncomingHttpHeaders) => {
                if (headers["grpc-status"] !== undefined) {
                    status = Number(headers["grpc-status"]);
                    const m = headers["grpc-message"];
                    message = typeof m === "string" ? decodeURIComponent(m) : "";
                }
            };
            stream.on("response", takeStatus);
            stream.on("trailers", takeStatus);
            stream.on("data", (c: Buffer) => chunks.push(c));
            stream.on("error", (e) => reject(new GrpcError(Status.UNAVAILABLE, e.message)));
            stream.on("close", () => {
                if (status === undefined) {
                    reject(new GrpcError(Status.UNAVAILABLE, `stream closed without a status (HTTP/2 code ${stream.rstCode})`));
                } else if (status !== Status.OK) {
                    reject(new GrpcError(status, message));
                } else {
                    try {
                        resolve(responseType.deserializeBinary(decodeMessage(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
                    } catch (e) {
                        reject(e instanceof Error ? e : new Error(String(e)));
                    }
                }
            });
            stream.end(frame(request));
        });
    }

    close(): void {
        this.closed = true;
        this.session?.close();
    }
}

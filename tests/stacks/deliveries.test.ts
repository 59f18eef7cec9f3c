/**
 * Every log and notification delivery of every stack, found in its synthesized export and proved
 * possible from the graph: the target's resource policy, the key policy of the key that encrypts
 * it, and the delivering role's trust and permissions each admit the delivering service, on that
 * exact prefix, log group or topic, for the real source's `aws:SourceArn` and `aws:SourceAccount`.
 * A delivery added without its grant fails here.
 */
import * as assert from "assert";
import { ENVS, ExportDoc, ExportResource, readExport, stackExports } from "../engine/engine";
import { admits, DeliveryRequest } from "../helpers/delivery";

/** One permission a delivery needs: the request, and the document (a resource's output) that must admit it. */
interface Check {
    what: string;
    resource: ExportResource;
    field: string;
    request: DeliveryRequest;
    /** The same permission asked of each of a role's policies: any one suffices. */
    alternatives?: Check[];
}

interface Delivery {
    kind: string;
    source: string;
    checks: Check[];
}

const KINDS = [
    "S3 access logs",
    "CloudTrail to S3",
    "CloudTrail to CloudWatch Logs",
    "Config to S3",
    "flow logs",
    "Step Functions logs",
    "SNS from CloudWatch alarms",
];

const out = (r: ExportResource): Record<string, any> => r.outputs ?? {};

/** Finds what each delivery needs in the graph and fails loudly when a piece is missing. */
function deliveriesOf(doc: ExportDoc): Delivery[] {
    const rs = doc.deployment.resources;
    const ofType = (t: string) => rs.filter((r) => r.type === t);
    const one = (t: string, where: string, pred: (o: Record<string, any>) => boolean): ExportResource => {
        const found = ofType(t).filter((r) => pred(out(r)));
        assert.strictEqual(found.length, 1, `${where}: expected one ${t}, found ${found.length}`);
        return found[0];
    };
    const account = /:(\d{12}):/.exec(out(one("aws:sns/topic:Topic", "the alert topic", () => true)).arn)![1];
    const region = /^arn:aws:[a-z0-9-]+:([a-z0-9-]+):/.exec(out(one("aws:sns/topic:Topic", "the alert topic", () => true)).arn)![1];
    const service = (principal: string, extra: Record<string, string> = {}) => ({
        service: principal,
        context: { "aws:SourceAccount": account, "aws:SecureTransport": "true", "aws:PrincipalIsAWSService": "true", ...extra },
    });
    const key = (arnOrId: string, where: string) => one("aws:kms/key:Key", where, (o) => o.arn === arnOrId || o.keyId === arnOrId);
    const bucketPolicy = (bucket: string) => one("aws:s3/bucketPolicy:BucketPolicy", `bucket ${bucket}`, (o) => o.bucket === bucket);
    const bucketKey = (bucket: string) => {
        const sse = one(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            `bucket ${bucket}`,
            (o) => o.bucket === bucket,
        );
        return key(out(sse).rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, `the key of bucket ${bucket}`);
    };
    const role = (arn: string) => one("aws:iam/role:Role", `role ${arn}`, (o) => o.arn === arn);
    /** The role's inline policies: its permissions for the delivery, one check each, any may grant. */
    const rolePolicies = (arn: string) =>
        ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => out(p).role === out(role(arn)).name || out(p).role === role(arn).id);
    const logGroupKey = (groupArn: string) => {
        const bare = groupArn.replace(/:\*$/, "");
        const group = one("aws:cloudwatch/logGroup:LogGroup", `log group ${bare}`, (o) => o.arn === bare);
        return { group: bare, key: key(out(group).kmsKeyId, `the key of log group ${bare}`) };
    };
    const logsEncrypt = (groupArn: string): Check => {
        const { group, key: k } = logGroupKey(groupArn);
        return {
            what: `CloudWatch Logs encrypts ${group} with its key`,
            resource: k,
            field: "policy",
            request: {
                ...service(`logs.${region}.amazonaws.com`, { "kms:EncryptionContext:aws:logs:arn": group }),
                action: "kms:GenerateDataKey",
                resource: out(k).arn,
            },
        };
    };
    const roleCan = (roleArn: string, action: string, resource: string, what: string): Check[] => {
        const policies = rolePolicies(roleArn);
        assert.ok(policies.length > 0, `${what}: role ${roleArn} has no inline policy`);
        // Checked against the policy that grants it; `anyOf` below accepts any one of them.
        return policies.map((p) => ({ what: `${what} (${action})`, resource: p, field: "policy", request: { action, resource, context: {} } }));
    };

    const deliveries: Delivery[] = [];
    for (const l of ofType("aws:s3/bucketLogging:BucketLogging")) {
        const { bucket, targetBucket, targetPrefix } = out(l);
        const k = bucketKey(targetBucket);
        deliveries.push({
            kind: "S3 access logs",
            source: bucket,
            checks: [
                {
                    what: `S3 writes ${bucket}'s access logs under ${targetPrefix}`,
                    resource: bucketPolicy(targetBucket),
                    field: "policy",
                    request: {
                        ...service("logging.s3.amazonaws.com", { "aws:SourceArn": `arn:aws:s3:::${bucket}` }),
                        action: "s3:PutObject",
                        resource: `arn:aws:s3:::${targetBucket}/${targetPrefix}2026-12-06-00-00-00-0123456789ABCDEF`,
                    },
                },
                {
                    what: `S3 encrypts them with ${targetBucket}'s key`,
                    resource: k,
                    field: "policy",
                    request: {
                        ...service("logging.s3.amazonaws.com", { "aws:SourceArn": `arn:aws:s3:::${bucket}` }),
                        action: "kms:GenerateDataKey",
                        resource: out(k).arn,
                    },
                },
            ],
        });
    }
    for (const t of ofType("aws:cloudtrail/trail:Trail")) {
        const o = out(t);
        const ctx = { "aws:SourceArn": o.arn, "kms:EncryptionContext:aws:cloudtrail:arn": o.arn };
        const prefix = o.s3KeyPrefix ? `${o.s3KeyPrefix}/` : "";
        const k = key(o.kmsKeyId, `trail ${o.name}'s key`);
        deliveries.push({
            kind: "CloudTrail to S3",
            source: o.name,
            checks: [
                {
                    what: "CloudTrail reads the bucket ACL",
                    resource: bucketPolicy(o.s3BucketName),
                    field: "policy",
                    request: { ...service("cloudtrail.amazonaws.com", ctx), action: "s3:GetBucketAcl", resource: `arn:aws:s3:::${o.s3BucketName}` },
                },
                {
                    what: "CloudTrail writes its log files",
                    resource: bucketPolicy(o.s3BucketName),
                    field: "policy",
                    request: {
                        ...service("cloudtrail.amazonaws.com", { ...ctx, "s3:x-amz-acl": "bucket-owner-full-control" }),
                        action: "s3:PutObject",
                        resource: `arn:aws:s3:::${o.s3BucketName}/${prefix}AWSLogs/${account}/CloudTrail/${region}/2026/12/06/log.json.gz`,
                    },
                },
                {
                    what: "CloudTrail encrypts them with the trail's key",
                    resource: k,
                    field: "policy",
                    request: { ...service("cloudtrail.amazonaws.com", ctx), action: "kms:GenerateDataKey", resource: out(k).arn },
                },
            ],
        });
        if (o.cloudWatchLogsGroupArn) {
            const group = o.cloudWatchLogsGroupArn.replace(/:\*$/, "");
            const stream = `${group}:log-stream:${account}_CloudTrail_${region}`;
            deliveries.push({
                kind: "CloudTrail to CloudWatch Logs",
                source: o.name,
                checks: [
                    {
                        what: "CloudTrail assumes its log role",
                        resource: role(o.cloudWatchLogsRoleArn),
                        field: "assumeRolePolicy",
                        request: {
                            ...service("cloudtrail.amazonaws.com", { "aws:SourceArn": o.arn }),
                            action: "sts:AssumeRole",
                            resource: o.cloudWatchLogsRoleArn,
                        },
                    },
                    ...anyOf(roleCan(o.cloudWatchLogsRoleArn, "logs:CreateLogStream", stream, "the log role creates its stream")),
                    ...anyOf(roleCan(o.cloudWatchLogsRoleArn, "logs:PutLogEvents", stream, "the log role writes events")),
                    logsEncrypt(group),
                ],
            });
        }
    }
    for (const c of ofType("aws:cfg/deliveryChannel:DeliveryChannel")) {
        const o = out(c);
        const prefix = o.s3KeyPrefix ? `${o.s3KeyPrefix}/` : "";
        // Config signs its deliveries as the account's Config service in the region.
        const ctx = { "aws:SourceArn": `arn:aws:config:${region}:${account}:delivery-channel/${o.name}` };
        const checks: Check[] = [
            {
                what: "Config reads the bucket ACL",
                resource: bucketPolicy(o.s3BucketName),
                field: "policy",
                request: { ...service("config.amazonaws.com", ctx), action: "s3:GetBucketAcl", resource: `arn:aws:s3:::${o.s3BucketName}` },
            },
            {
                what: "Config writes its snapshots and history",
                resource: bucketPolicy(o.s3BucketName),
                field: "policy",
                request: {
                    ...service("config.amazonaws.com", { ...ctx, "s3:x-amz-acl": "bucket-owner-full-control" }),
                    action: "s3:PutObject",
                    resource: `arn:aws:s3:::${o.s3BucketName}/${prefix}AWSLogs/${account}/Config/${region}/2026/12/6/ConfigSnapshot/snapshot.json.gz`,
                },
            },
        ];
        if (o.s3KmsKeyArn) {
            const k = key(o.s3KmsKeyArn, "the Config delivery key");
            checks.push({
                what: "Config encrypts them with the channel's key",
                resource: k,
                field: "policy",
                request: { ...service("config.amazonaws.com", ctx), action: "kms:GenerateDataKey", resource: out(k).arn },
            });
        }
        deliveries.push({ kind: "Config to S3", source: o.name, checks });
    }
    for (const f of ofType("aws:ec2/flowLog:FlowLog").filter((x) => out(x).logDestinationType === "cloud-watch-logs")) {
        const o = out(f);
        const group = o.logDestination.replace(/:\*$/, "");
        const stream = `${group}:log-stream:eni-0123456789abcdef0-all`;
        deliveries.push({
            kind: "flow logs",
            source: o.arn,
            checks: [
                {
                    what: "VPC Flow Logs assumes its role",
                    resource: role(o.iamRoleArn),
                    field: "assumeRolePolicy",
                    request: { ...service("vpc-flow-logs.amazonaws.com", { "aws:SourceArn": o.arn }), action: "sts:AssumeRole", resource: o.iamRoleArn },
                },
                ...["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"].flatMap((a) =>
                    anyOf(roleCan(o.iamRoleArn, a, stream, "the flow-log role")),
                ),
                ...anyOf(roleCan(o.iamRoleArn, "logs:DescribeLogGroups", `arn:aws:logs:${region}:${account}:log-group:*`, "the flow-log role")),
                logsEncrypt(group),
            ],
        });
    }
    for (const m of ofType("aws:sfn/stateMachine:StateMachine").filter((x) => out(x).loggingConfiguration?.logDestination)) {
        const o = out(m);
        // Step Functions sets up vended-log delivery with the state machine's role, on "*".
        const actions = [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
        ];
        deliveries.push({
            kind: "Step Functions logs",
            source: o.arn,
            checks: [
                ...actions.flatMap((a) => anyOf(roleCan(o.roleArn, a, "*", "the state machine's role"))),
                logsEncrypt(o.loggingConfiguration.logDestination),
            ],
        });
    }
    for (const a of ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
        const o = out(a);
        const alarmArn = o.arn ?? `arn:aws:cloudwatch:${region}:${account}:alarm:${o.name}`;
        for (const topicArn of [...(o.alarmActions ?? []), ...(o.okActions ?? []), ...(o.insufficientDataActions ?? [])].filter((x: string) =>
            x.startsWith("arn:aws:sns:"),
        )) {
            const topic = one("aws:sns/topic:Topic", `topic ${topicArn}`, (t) => t.arn === topicArn);
            const ctx = { "aws:SourceArn": alarmArn };
            const checks: Check[] = [
                {
                    what: `CloudWatch publishes alarm ${o.name}`,
                    resource: one("aws:sns/topicPolicy:TopicPolicy", `topic ${topicArn}`, (p) => p.arn === topicArn),
                    field: "policy",
                    request: { ...service("cloudwatch.amazonaws.com", ctx), action: "sns:Publish", resource: topicArn },
                },
            ];
            if (out(topic).kmsMasterKeyId) {
                const k = key(out(topic).kmsMasterKeyId, `the key of topic ${topicArn}`);
                for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
                    checks.push({
                        what: `CloudWatch uses the topic's key (${action})`,
                        resource: k,
                        field: "policy",
                        request: { ...service("cloudwatch.amazonaws.com", ctx), action, resource: out(k).arn },
                    });
                }
            }
            deliveries.push({ kind: "SNS from CloudWatch alarms", source: o.name, checks });
        }
    }
    return deliveries;
}

/** Checks of which any one suffices (the same permission asked of each of a role's policies). */
function anyOf(checks: Check[]): Check[] {
    return checks.length === 0 ? [] : [{ ...checks[0], alternatives: checks }];
}

interface Outcome {
    ok: boolean;
    /** The resource and statements that decided it. */
    decidedBy: { resource: ExportResource; field: string; sids: string[] };
}

function evaluate(c: Check): Outcome {
    const candidates = c.alternatives ?? [c];
    let last: Outcome | undefined;
    for (const x of candidates) {
        const doc = out(x.resource)[x.field];
        const v = doc === undefined ? { allowed: false, by: [] } : admits(doc, x.request);
        last = { ok: v.allowed, decidedBy: { resource: x.resource, field: x.field, sids: v.by } };
        if (v.allowed) {
            return last;
        }
    }
    return last!;
}

const failures = (ds: Delivery[]) =>
    ds.flatMap((d) => d.checks.filter((c) => !evaluate(c).ok).map((c) => `${d.kind} from ${d.source}: ${c.what} is not granted by ${c.resource.urn}`));

describe("every delivery of every stack, proved from its synthesized export", function () {
    this.timeout(120_000);
    let exports: Map<string, string>;
    before(async () => {
        exports = await stackExports();
    });

    for (const env of ENVS) {
        it(`${env}: each delivery's target, key and role admit the delivering service for its real source`, () => {
            const ds = deliveriesOf(readExport(exports.get(env)!));
            assert.deepStrictEqual([...new Set(ds.map((d) => d.kind))].sort(), [...KINDS].sort(), "every kind of delivery is found");
            assert.deepStrictEqual(failures(ds), []);
        });
    }

    describe("a grant taken away is caught", () => {
        for (const kind of KINDS) {
            it(kind, () => {
                const first = deliveriesOf(readExport(exports.get("prod")!)).find((x) => x.kind === kind)!;
                first.checks.forEach((_, i) => {
                    const doc = readExport(exports.get("prod")!);
                    const d = deliveriesOf(doc).find((x) => x.kind === kind && x.source === first.source)!;
                    const c = d.checks[i];
                    // Remove the statements that admit this check from the document in the export, then look again.
                    const before = evaluate(c);
                    assert.ok(before.ok, `${c.what} failed before anything was removed`);
                    const { resource, field, sids } = before.decidedBy;
                    const target = doc.deployment.resources.find((r) => r.urn === resource.urn)!;
                    const raw = out(target)[field];
                    const parsed = typeof raw === "string" ? JSON.parse(raw) : JSON.parse(JSON.stringify(raw));
                    const statements = [parsed.Statement].flat();
                    parsed.Statement = statements.filter((s: any, i: number) => !sids.includes(s.Sid ?? `#${i}`));
                    assert.ok(parsed.Statement.length < statements.length, `${c.what}: nothing to remove`);
                    out(target)[field] = typeof raw === "string" ? JSON.stringify(parsed) : parsed;
                    const again = deliveriesOf(doc).find((x) => x.kind === kind && x.source === d.source)!;
                    assert.ok(!evaluate(again.checks[i]).ok, `${kind} from ${d.source}: "${c.what}" still passes without ${sids.join(", ")}`);
                });
            });
        }
    });

    it("reads a service condition as IAM does: a wrong source ARN or account is refused", () => {
        const doc = readExport(exports.get("dev")!);
        const c = deliveriesOf(doc).find((d) => d.kind === "S3 access logs")!.checks[0];
        assert.ok(evaluate(c).ok);
        assert.ok(!evaluate({ ...c, request: { ...c.request, context: { ...c.request.context, "aws:SourceArn": "arn:aws:s3:::someone-elses-bucket" } } }).ok);
        assert.ok(!evaluate({ ...c, request: { ...c.request, context: { ...c.request.context, "aws:SourceAccount": "999999999999" } } }).ok);
        assert.ok(!evaluate({ ...c, request: { ...c.request, context: { ...c.request.context, "aws:SecureTransport": "false" } } }).ok);
    });
});

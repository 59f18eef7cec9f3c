import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { mocks, settle, useMocks, valueOf } from "../helpers/pulumi";

describe("realistic mocks", () => {
    beforeEach(() => useMocks());

    it("gives buckets an autoname and an S3 ARN, and keys a key ARN in the stack's account and region", async () => {
        const bucket = new aws.s3.Bucket("raw");
        const key = new aws.kms.Key("lake");
        const role = new aws.iam.Role("exec", { assumeRolePolicy: "{}", path: "/ml/" });
        await settle();
        const name = await valueOf(bucket.bucket);
        assert.match(name, /^raw-[0-9a-f]{7}$/);
        assert.strictEqual(await valueOf(bucket.arn), `arn:aws:s3:::${name}`);
        assert.match(await valueOf(key.arn), /^arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36}$/);
        assert.match(await valueOf(role.arn), /^arn:aws:iam::111122223333:role\/ml\/exec-[0-9a-f]{7}$/);
        assert.strictEqual(mocks.ofType("aws:s3/bucket:Bucket").length, 1);
    });

    it("is deterministic and embeds EC2 ids in ARNs", async () => {
        const vpc = new aws.ec2.Vpc("net", { cidrBlock: "10.0.0.0/16" });
        const [id, arn] = await valueOf(pulumi.all([vpc.id, vpc.arn]));
        assert.match(id, /^vpc-[0-9a-f]{17}$/);
        assert.strictEqual(arn, `arn:aws:ec2:us-east-1:111122223333:vpc/${id}`);
        const again = mocks.shapeOutputs("aws:ec2/vpc:Vpc", "net", {});
        assert.strictEqual(again.id, id);
    });

    it("answers the caller-identity invoke with the stack's account", async () => {
        const identity = await aws.getCallerIdentity();
        assert.strictEqual(identity.accountId, "111122223333");
    });
});

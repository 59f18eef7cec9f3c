/**
 * Values and assertions the component tests share: the mocked account's KMS keys, the ValidationError checks
 * and the bucket-policy TLS deny. The key ids are made up; only their form (a KMS key ARN of the mocked account) matters.
 */
import * as assert from "assert";
import { ValidationError } from "../../components/index";
import { statement } from "./pulumi";

/** The account the mocks answer with. */
export const ACCOUNT = "111122223333";
/** The ML KMS key. */
export const ML_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-1111-4111-a111-111111111111`;
/** The data-lake KMS key. */
export const LAKE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/22222222-2222-4222-a222-222222222222`;
/** `kms:ViaService` of calls made through S3 in the mocked region. */
export const S3_VIA = "s3.us-east-1.amazonaws.com";
/** `kms:ViaService` of calls made through SageMaker in the mocked region. */
export const SAGEMAKER_VIA = "sagemaker.us-east-1.amazonaws.com";

/** Asserts `fn` throws a ValidationError for `field` whose message names the field and matches `expected`. */
export function assertInvalid(fn: () => void, field: string, expected: RegExp): void {
    assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${String(e)}`);
        assert.strictEqual(e.field, field);
        assert.ok(e.message.includes(`"${field}"`), e.message);
        assert.match(e.message, expected);
        return true;
    });
}

/** Asserts `fn` throws a ValidationError for `field` whose message is exactly `message`. */
export function expectValidationError(fn: () => void, field: string, message: string): void {
    assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${String(e)}`);
        assert.strictEqual(e.field, field);
        assert.strictEqual(e.message, message);
        return true;
    });
}

/** Asserts the bucket policy `stmts` deny every request without TLS (`aws:SecureTransport` false) to the bucket `arn` and its objects. */
export function assertDeniesInsecureTransport(stmts: any[], arn: string): void {
    const tls = statement(stmts, "DenyInsecureTransport");
    assert.strictEqual(tls.Effect, "Deny");
    assert.strictEqual(tls.Principal, "*");
    assert.strictEqual(tls.Action, "s3:*");
    assert.deepStrictEqual(tls.Resource, [arn, `${arn}/*`]);
    assert.deepStrictEqual(tls.Condition, { Bool: { "aws:SecureTransport": "false" } });
}

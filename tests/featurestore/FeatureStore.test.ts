import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { FeatureGroupDefinition, FeatureStore, FeatureStoreArgs, FeatureType, validateFeatureStoreArgs, ValidationError } from "../../components/index";
import { mocks, settle, statement, statements, useMocks, valueOf } from "../helpers/pulumi";
import { ACCOUNT, LAKE_KEY, ML_KEY, assertInvalid } from "../helpers/fixtures";

const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    group: "aws:sagemaker/featureGroup:FeatureGroup",
};

function customers(overrides: Partial<FeatureGroupDefinition> = {}): FeatureGroupDefinition {
    return {
        name: "fraud-customers",
        description: "Customer risk features",
        recordIdentifierFeatureName: "customer_id",
        eventTimeFeatureName: "event_time",
        features: [
            { name: "customer_id", type: FeatureType.String },
            { name: "event_time", type: FeatureType.Fractional },
            { name: "txn_count_30d", type: FeatureType.Integral },
            { name: "avg_amount_30d", type: FeatureType.Fractional },
        ],
        ...overrides,
    };
}

function baseArgs(overrides: Partial<FeatureStoreArgs> = {}): FeatureStoreArgs {
    return {
        featureGroups: [
            customers(),
            {
                name: "merchants",
                recordIdentifierFeatureName: "merchant_id",
                eventTimeFeatureName: "updated_at",
                features: [
                    { name: "merchant_id", type: FeatureType.Integral },
                    { name: "updated_at", type: FeatureType.String },
                    { name: "chargeback_rate", type: FeatureType.Fractional },
                ],
                enableOnlineStore: false,
                glueTableName: "merchant_features",
            },
        ],
        analyticsBucketName: "mlp-prod-lake-analytics",
        offlineStoreKmsKeyArn: LAKE_KEY,
        onlineStoreKmsKeyArn: ML_KEY,
        glueDatabaseName: "mlp_prod_analytics",
        ...overrides,
    };
}

describe("FeatureStore", () => {
    beforeEach(() => useMocks());

    describe("with two groups", () => {
        beforeEach(async () => {
            new FeatureStore("features", baseArgs());
            await settle();
        });

        it("encrypts the online store with the ML key", () => {
            const group = mocks.get(T.group, "features-fraud-customers").inputs;
            assert.deepStrictEqual(group.onlineStoreConfig, { enableOnlineStore: true, securityConfig: { kmsKeyId: ML_KEY } });
        });

        it("keeps the offline store in the analytics layer, encrypted with the lake key and catalogued in Glue", () => {
            for (const [name, table] of [
                ["features-fraud-customers", "fraud_customers"],
                ["features-merchants", "merchant_features"],
            ]) {
                const offline = mocks.get(T.group, name).inputs.offlineStoreConfig;
                assert.deepStrictEqual(offline.s3StorageConfig, { s3Uri: "s3://mlp-prod-lake-analytics/feature-store", kmsKeyId: LAKE_KEY });
                assert.strictEqual(offline.disableGlueTableCreation, false);
                assert.deepStrictEqual(offline.dataCatalogConfig, { catalog: "AwsDataCatalog", database: "mlp_prod_analytics", tableName: table });
            }
        });

        it("defines the records as given", () => {
            const group = mocks.get(T.group, "features-fraud-customers").inputs;
            assert.strictEqual(group.featureGroupName, "fraud-customers");
            assert.strictEqual(group.description, "Customer risk features");
            assert.strictEqual(group.recordIdentifierFeatureName, "customer_id");
            assert.strictEqual(group.eventTimeFeatureName, "event_time");
            assert.deepStrictEqual(group.featureDefinitions, [
                { featureName: "customer_id", featureType: "String" },
                { featureName: "event_time", featureType: "Fractional" },
                { featureName: "txn_count_30d", featureType: "Integral" },
                { featureName: "avg_amount_30d", featureType: "Fractional" },
            ]);
            assert.strictEqual(group.roleArn, mocks.get(T.role, "features-role").outputs.arn);
        });

        it("turns the online store off only where asked, without a dangling key", () => {
            const group = mocks.get(T.group, "features-merchants").inputs;
            assert.deepStrictEqual(group.onlineStoreConfig, { enableOnlineStore: false });
        });

        it("trusts SageMaker from this account only", () => {
            const trust = statements(mocks.get(T.role, "features-role"), "assumeRolePolicy");
            assert.strictEqual(trust.length, 1);
            assert.deepStrictEqual(trust[0].Principal, { Service: "sagemaker.amazonaws.com" });
            assert.strictEqual(trust[0].Action, "sts:AssumeRole");
            assert.deepStrictEqual(trust[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("lets the role write only the offline-store prefix, with the lake key through S3", () => {
            const stmts = statements(mocks.get(T.rolePolicy, "features-role"));
            assert.strictEqual(stmts.length, 4);
            const write = statement(stmts, "WriteOfflineStore");
            assert.deepStrictEqual(write.Action, ["s3:PutObject", "s3:PutObjectAcl"]);
            assert.strictEqual(write.Resource, "arn:aws:s3:::mlp-prod-lake-analytics/feature-store/*");
            const acl = statement(stmts, "ReadAnalyticsBucketAcl");
            assert.strictEqual(acl.Action, "s3:GetBucketAcl");
            assert.strictEqual(acl.Resource, "arn:aws:s3:::mlp-prod-lake-analytics");
            const kms = statement(stmts, "EncryptOfflineStore");
            assert.deepStrictEqual(kms.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
            assert.strictEqual(kms.Resource, LAKE_KEY);
            assert.deepStrictEqual(kms.Condition, { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
        });

        it("lets the role manage only these groups' Glue tables in the analytics database", () => {
            const glue = statement(statements(mocks.get(T.rolePolicy, "features-role")), "ManageOfflineStoreTables");
            assert.deepStrictEqual(glue.Action, ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable"]);
            assert.deepStrictEqual(glue.Resource, [
                `arn:aws:glue:us-east-1:${ACCOUNT}:catalog`,
                `arn:aws:glue:us-east-1:${ACCOUNT}:database/mlp_prod_analytics`,
                `arn:aws:glue:us-east-1:${ACCOUNT}:table/mlp_prod_analytics/fraud_customers`,
                `arn:aws:glue:us-east-1:${ACCOUNT}:table/mlp_prod_analytics/merchant_features`,
            ]);
        });
    });

    it("exposes the group names, ARNs, tables and offline store", async () => {
        const store = new FeatureStore("out", baseArgs({ offlineStorePrefix: "features/online-and-offline" }));
        await settle();
        assert.deepStrictEqual(await valueOf(pulumi.all(store.featureGroupNames)), ["fraud-customers", "merchants"]);
        assert.deepStrictEqual(await valueOf(pulumi.all(store.featureGroupArns)), [
            `arn:aws:sagemaker:us-east-1:${ACCOUNT}:feature-group/fraud-customers`,
            `arn:aws:sagemaker:us-east-1:${ACCOUNT}:feature-group/merchants`,
        ]);
        assert.deepStrictEqual(await valueOf(pulumi.all(store.glueTableNames)), ["fraud_customers", "merchant_features"]);
        assert.strictEqual(await valueOf(store.offlineStoreS3Uri), "s3://mlp-prod-lake-analytics/features/online-and-offline");
        assert.strictEqual(
            statement(statements(mocks.get("aws:iam/rolePolicy:RolePolicy", "out-role")), "WriteOfflineStore").Resource,
            "arn:aws:s3:::mlp-prod-lake-analytics/features/online-and-offline/*",
        );
    });

    it("protects the feature groups and retains them on delete by default, and deletes before replacing", async () => {
        const seen: Record<string, { protect?: boolean; retainOnDelete?: boolean; deleteBeforeReplace?: boolean }> = {};
        const record = (args: pulumi.ResourceTransformationArgs) => {
            seen[`${args.type}::${args.name}`] = {
                protect: args.opts.protect,
                retainOnDelete: args.opts.retainOnDelete,
                deleteBeforeReplace: (args.opts as pulumi.CustomResourceOptions).deleteBeforeReplace,
            };
            return undefined;
        };
        new FeatureStore("prod", baseArgs(), { transformations: [record] });
        new FeatureStore("dev", baseArgs({ featureGroups: [customers({ name: "dev-customers" })], protect: false }), { transformations: [record] });
        await settle();
        assert.deepStrictEqual(seen[`${T.group}::prod-fraud-customers`], { protect: true, retainOnDelete: true, deleteBeforeReplace: true });
        assert.deepStrictEqual(seen[`${T.group}::prod-merchants`], { protect: true, retainOnDelete: true, deleteBeforeReplace: true });
        assert.deepStrictEqual(seen[`${T.group}::dev-dev-customers`], { protect: false, retainOnDelete: false, deleteBeforeReplace: true });
    });

    it("tags the role and every feature group", async () => {
        const tags = { team: "ml", "data-classification": "pci" };
        new FeatureStore("tagged", baseArgs({ tags }));
        await settle();
        assert.deepStrictEqual(mocks.get(T.role, "tagged-role").inputs.tags, tags);
        assert.deepStrictEqual(mocks.get(T.group, "tagged-fraud-customers").inputs.tags, tags);
        assert.deepStrictEqual(mocks.get(T.group, "tagged-merchants").inputs.tags, tags);
    });

    it("checks its arguments before creating anything", () => {
        assert.throws(() => new FeatureStore("bad", baseArgs({ featureGroups: [] })), ValidationError);
        assert.strictEqual(mocks.resources.length, 0);
    });

    describe("validation", () => {
        it("accepts the defaults", () => {
            validateFeatureStoreArgs(baseArgs());
            validateFeatureStoreArgs(baseArgs({ offlineStoreKmsKeyArn: pulumi.output("unknown") }));
        });

        it("requires at least one group with a valid, unique name", () => {
            assertInvalid(() => validateFeatureStoreArgs(baseArgs({ featureGroups: [] })), "FeatureStore.featureGroups", /at least one feature group/);
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ name: "bad name" })] })),
                "FeatureStore.featureGroups[0].name",
                /feature group name/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers(), customers({ name: "Fraud-Customers", glueTableName: "other" })] })),
                "FeatureStore.featureGroups[1].name",
                /no other feature group/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ description: "d".repeat(129) })] })),
                "FeatureStore.featureGroups[0].description",
                /at most 128/,
            );
        });

        it("requires valid, unique, non-reserved features of a known type", () => {
            const base = customers().features;
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ features: [] })] })),
                "FeatureStore.featureGroups[0].features",
                /1 to 2500/,
            );
            assertInvalid(
                () =>
                    validateFeatureStoreArgs(
                        baseArgs({ featureGroups: [customers({ features: [...base, { name: "write_time", type: FeatureType.String }] })] }),
                    ),
                "FeatureStore.featureGroups[0].features[4].name",
                /offline store's own columns/,
            );
            assertInvalid(
                () =>
                    validateFeatureStoreArgs(
                        baseArgs({ featureGroups: [customers({ features: [...base, { name: "Customer_Id", type: FeatureType.String }] })] }),
                    ),
                "FeatureStore.featureGroups[0].features[4].name",
                /no other feature/,
            );
            assertInvalid(
                () =>
                    validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ features: [...base, { name: "x", type: "Boolean" as FeatureType }] })] })),
                "FeatureStore.featureGroups[0].features[4].type",
                /one of Integral, Fractional, String/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ features: [...base, { name: "_x", type: FeatureType.String }] })] })),
                "FeatureStore.featureGroups[0].features[4].name",
                /feature name/,
            );
        });

        it("requires the record identifier and event time among the features, with an event-time type", () => {
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ recordIdentifierFeatureName: "id" })] })),
                "FeatureStore.featureGroups[0].recordIdentifierFeatureName",
                /one of the group's features/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ eventTimeFeatureName: "ts" })] })),
                "FeatureStore.featureGroups[0].eventTimeFeatureName",
                /one of the group's features/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ eventTimeFeatureName: "txn_count_30d" })] })),
                "FeatureStore.featureGroups[0].eventTimeFeatureName",
                /String \(ISO 8601\) or Fractional/,
            );
        });

        it("requires valid, unique Glue tables", () => {
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers({ glueTableName: "Bad-Table" })] })),
                "FeatureStore.featureGroups[0].glueTableName",
                /lower-case letters/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ featureGroups: [customers(), customers({ name: "other", glueTableName: "fraud_customers" })] })),
                "FeatureStore.featureGroups[1].glueTableName",
                /no other feature group/,
            );
        });

        it("requires the lake location, catalog and keys", () => {
            assertInvalid(() => validateFeatureStoreArgs(baseArgs({ offlineStorePrefix: "features/" })), "FeatureStore.offlineStorePrefix", /S3 key prefix/);
            assertInvalid(() => validateFeatureStoreArgs(baseArgs({ analyticsBucketName: "" })), "FeatureStore.analyticsBucketName", /analytics bucket/);
            assertInvalid(() => validateFeatureStoreArgs(baseArgs({ glueDatabaseName: "" })), "FeatureStore.glueDatabaseName", /Glue database/);
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ offlineStoreKmsKeyArn: "alias/lake" })),
                "FeatureStore.offlineStoreKmsKeyArn",
                /ARN of the kms service/,
            );
            assertInvalid(
                () => validateFeatureStoreArgs(baseArgs({ onlineStoreKmsKeyArn: `arn:aws:s3:::bucket` })),
                "FeatureStore.onlineStoreKmsKeyArn",
                /ARN of the kms service/,
            );
        });
    });
});

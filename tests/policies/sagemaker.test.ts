/**
 * SageMaker rules other than training: Studio domains, notebook instances,
 * models, endpoint configurations, endpoints, feature groups, Model Monitor
 * jobs, and the instance-type allow-list for endpoints and notebooks.
 */
import * as assert from "assert";
import { sagemakerDomainConfigureKmsKey } from "../../policies/rules/sagemaker/Domain/configureKmsKey";
import { sagemakerDomainEnforceVpcOnly } from "../../policies/rules/sagemaker/Domain/enforceVpcOnly";
import { sagemakerEndpointConfigureBlueGreenRollback } from "../../policies/rules/sagemaker/Endpoint/configureBlueGreenRollback";
import { sagemakerEndpointConfigurationConfigureKmsKey } from "../../policies/rules/sagemaker/EndpointConfiguration/configureKmsKey";
import { sagemakerEndpointConfigurationEnableDataCapture } from "../../policies/rules/sagemaker/EndpointConfiguration/enableDataCapture";
import { sagemakerFeatureGroupConfigureKmsKeys } from "../../policies/rules/sagemaker/FeatureGroup/configureKmsKeys";
import { sagemakerInstanceTypeEnforceAllowedFamilies } from "../../policies/rules/sagemaker/InstanceType/enforceAllowedFamilies";
import { sagemakerModelConfigureVpc } from "../../policies/rules/sagemaker/Model/configureVpc";
import { sagemakerModelEnableNetworkIsolation } from "../../policies/rules/sagemaker/Model/enableNetworkIsolation";
import { sagemakerMonitoringJobConfigureKmsKeys } from "../../policies/rules/sagemaker/MonitoringJobDefinition/configureKmsKeys";
import { sagemakerMonitoringJobEnableNetworkIsolation } from "../../policies/rules/sagemaker/MonitoringJobDefinition/enableNetworkIsolation";
import { sagemakerMonitoringJobEnableInterContainerEncryption } from "../../policies/rules/sagemaker/MonitoringJobDefinition/enableInterContainerEncryption";
import { sagemakerMonitoringJobConfigureVpc } from "../../policies/rules/sagemaker/MonitoringJobDefinition/configureVpc";
import { sagemakerEndpointConfigurationConfigureInstanceCount } from "../../policies/rules/sagemaker/EndpointConfiguration/configureInstanceCount";
import { sagemakerNotebookInstanceConfigureKmsKey } from "../../policies/rules/sagemaker/NotebookInstance/configureKmsKey";
import { sagemakerNotebookInstanceConfigureSubnet } from "../../policies/rules/sagemaker/NotebookInstance/configureSubnet";
import { sagemakerNotebookInstanceDisallowDirectInternetAccess } from "../../policies/rules/sagemaker/NotebookInstance/disallowDirectInternetAccess";
import { sagemakerNotebookInstanceDisallowRootAccess } from "../../policies/rules/sagemaker/NotebookInstance/disallowRootAccess";
import { UNKNOWN } from "./harness";
import {
    cloudControlJobProps,
    dataQualityProps,
    domainProps,
    endpointConfigProps,
    endpointProps,
    featureGroupProps,
    modelProps,
    monitoringScheduleProps,
    notebookProps,
    withValue,
    without,
} from "./sagemakerFixtures";
import { assertNotApplicable, assertOutcome, assertUnknown, assertViolations, check } from "./sagemakerTesting";

const DOMAIN = "aws:sagemaker/domain:Domain";
const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";
const MODEL = "aws:sagemaker/model:Model";
const ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const ENDPOINT = "aws:sagemaker/endpoint:Endpoint";
const FEATURE_GROUP = "aws:sagemaker/featureGroup:FeatureGroup";
const DATA_QUALITY = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
const SCHEDULE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
const CLOUD_CONTROL = "aws:cloudcontrol/resource:Resource";

describe("aws-sagemaker-domain-enforce-vpc-only", () => {
    const policy = sagemakerDomainEnforceVpcOnly;

    it("passes a VpcOnly domain", async () => {
        assertOutcome(await check(policy, DOMAIN, domainProps()), "compliant");
    });

    it("reports PublicInternetOnly, set or by default", async () => {
        assertViolations(await check(policy, DOMAIN, withValue(domainProps(), ["appNetworkAccessType"], "PublicInternetOnly")), 1, '"PublicInternetOnly"');
        assertViolations(await check(policy, DOMAIN, without(domainProps(), ["appNetworkAccessType"])), 1, "unset (default PublicInternetOnly)");
    });

    it("surfaces an unknown access type as the SDK does", async () => {
        assertUnknown(await check(policy, DOMAIN, withValue(domainProps(), ["appNetworkAccessType"], UNKNOWN.string)), "appNetworkAccessType");
    });

    it("is not applicable to other resource types", async () => {
        assertNotApplicable(await check(policy, NOTEBOOK, domainProps()), "only applies");
    });
});

describe("aws-sagemaker-domain-configure-kms-key", () => {
    const policy = sagemakerDomainConfigureKmsKey;

    it("passes a domain with a key, including one computed from a key in the stack", async () => {
        assertOutcome(await check(policy, DOMAIN, domainProps()), "compliant");
        assertOutcome(await check(policy, DOMAIN, withValue(domainProps(), ["kmsKeyId"], UNKNOWN.string)), "compliant");
    });

    it("reports a missing or empty key", async () => {
        assertViolations(await check(policy, DOMAIN, without(domainProps(), ["kmsKeyId"])), 1, "has no kmsKeyId");
        assertViolations(await check(policy, DOMAIN, withValue(domainProps(), ["kmsKeyId"], "")), 1, "has no kmsKeyId");
    });
});

describe("aws-sagemaker-notebookinstance-disallow-direct-internet-access", () => {
    const policy = sagemakerNotebookInstanceDisallowDirectInternetAccess;

    it("passes a notebook with direct internet access disabled", async () => {
        assertOutcome(await check(policy, NOTEBOOK, notebookProps()), "compliant");
    });

    it("reports internet access enabled, set or by default", async () => {
        assertViolations(await check(policy, NOTEBOOK, withValue(notebookProps(), ["directInternetAccess"], "Enabled")), 1, '"Enabled"');
        assertViolations(await check(policy, NOTEBOOK, without(notebookProps(), ["directInternetAccess"])), 1, "unset (default Enabled)");
    });

    it("surfaces an unknown setting as the SDK does", async () => {
        assertUnknown(await check(policy, NOTEBOOK, withValue(notebookProps(), ["directInternetAccess"], UNKNOWN.string)), "directInternetAccess");
    });
});

describe("aws-sagemaker-notebookinstance-disallow-root-access", () => {
    const policy = sagemakerNotebookInstanceDisallowRootAccess;

    it("passes a notebook without root access", async () => {
        assertOutcome(await check(policy, NOTEBOOK, notebookProps()), "compliant");
    });

    it("reports root access enabled, set or by default", async () => {
        assertViolations(await check(policy, NOTEBOOK, withValue(notebookProps(), ["rootAccess"], "Enabled")), 1, '"Enabled"');
        assertViolations(await check(policy, NOTEBOOK, without(notebookProps(), ["rootAccess"])), 1, "unset (default Enabled)");
    });

    it("surfaces an unknown setting as the SDK does", async () => {
        assertUnknown(await check(policy, NOTEBOOK, withValue(notebookProps(), ["rootAccess"], UNKNOWN.string)), "rootAccess");
    });
});

describe("aws-sagemaker-notebookinstance-configure-kms-key", () => {
    const policy = sagemakerNotebookInstanceConfigureKmsKey;

    it("passes a notebook with a key, known or computed", async () => {
        assertOutcome(await check(policy, NOTEBOOK, notebookProps()), "compliant");
        assertOutcome(await check(policy, NOTEBOOK, withValue(notebookProps(), ["kmsKeyId"], UNKNOWN.string)), "compliant");
    });

    it("reports a notebook without a key", async () => {
        assertViolations(await check(policy, NOTEBOOK, without(notebookProps(), ["kmsKeyId"])), 1, "has no kmsKeyId");
    });
});

describe("aws-sagemaker-notebookinstance-configure-subnet", () => {
    const policy = sagemakerNotebookInstanceConfigureSubnet;

    it("passes a notebook in a subnet with security groups, known or computed", async () => {
        assertOutcome(await check(policy, NOTEBOOK, notebookProps()), "compliant");
        assertOutcome(
            await check(policy, NOTEBOOK, withValue(withValue(notebookProps(), ["subnetId"], UNKNOWN.string), ["securityGroups", 0], UNKNOWN.string)),
            "compliant",
        );
    });

    it("reports a notebook without a subnet or security groups", async () => {
        assertViolations(
            await check(policy, NOTEBOOK, without(without(notebookProps(), ["subnetId"]), ["securityGroups"])),
            2,
            "has no subnetId",
            "securityGroups is not set",
        );
        assertViolations(await check(policy, NOTEBOOK, withValue(notebookProps(), ["securityGroups"], [])), 1, "securityGroups is empty");
    });
});

describe("aws-sagemaker-model-enable-network-isolation", () => {
    const policy = sagemakerModelEnableNetworkIsolation;

    it("passes an isolated model", async () => {
        assertOutcome(await check(policy, MODEL, modelProps()), "compliant");
    });

    it("reports isolation off or unset", async () => {
        assertViolations(await check(policy, MODEL, withValue(modelProps(), ["enableNetworkIsolation"], false)), 1, "enableNetworkIsolation false");
        assertViolations(await check(policy, MODEL, without(modelProps(), ["enableNetworkIsolation"])), 1, "unset (default false)");
    });

    it("surfaces an unknown flag as the SDK does", async () => {
        assertUnknown(await check(policy, MODEL, withValue(modelProps(), ["enableNetworkIsolation"], UNKNOWN.boolean)), "enableNetworkIsolation");
    });
});

describe("aws-sagemaker-model-configure-vpc", () => {
    const policy = sagemakerModelConfigureVpc;

    it("passes a model in the VPC, with subnets known or computed", async () => {
        assertOutcome(await check(policy, MODEL, modelProps()), "compliant");
        assertOutcome(await check(policy, MODEL, withValue(modelProps(), ["vpcConfig", "subnets"], UNKNOWN.array)), "compliant");
    });

    it("reports a model without vpcConfig or with empty lists", async () => {
        assertViolations(await check(policy, MODEL, without(modelProps(), ["vpcConfig"])), 1, "has no vpcConfig");
        assertViolations(await check(policy, MODEL, withValue(modelProps(), ["vpcConfig", "securityGroupIds"], [])), 1, "vpcConfig.securityGroupIds is empty");
    });
});

describe("aws-sagemaker-endpointconfiguration-configure-kms-key", () => {
    const policy = sagemakerEndpointConfigurationConfigureKmsKey;

    it("passes an EBS-backed config with a key, and a local-NVMe config without one", async () => {
        assertOutcome(await check(policy, ENDPOINT_CONFIG, endpointConfigProps("ml.inf2.xlarge")), "compliant");
        assertOutcome(await check(policy, ENDPOINT_CONFIG, without(endpointConfigProps("ml.g5.2xlarge"), ["kmsKeyArn"])), "compliant");
    });

    it("reports a missing key on EBS-backed types", async () => {
        assertViolations(await check(policy, ENDPOINT_CONFIG, without(endpointConfigProps(), ["kmsKeyArn"])), 1, "kmsKeyArn is not set");
    });

    it("reports a key when any variant, shadow variants included, has local NVMe storage", async () => {
        assertViolations(await check(policy, ENDPOINT_CONFIG, endpointConfigProps("ml.g5.2xlarge")), 1, "ml.g5.2xlarge has local NVMe storage");
        const shadow = withValue(
            endpointConfigProps(),
            ["shadowProductionVariants"],
            [{ variantName: "shadow", modelName: "fraud-next", instanceType: "ml.p4d.24xlarge", initialInstanceCount: 1 }],
        );
        assertViolations(await check(policy, ENDPOINT_CONFIG, shadow), 1, "ml.p4d.24xlarge has local NVMe storage");
    });

    it("reports data capture and async output without a key", async () => {
        const props = withValue(without(endpointConfigProps(), ["dataCaptureConfig", "kmsKeyId"]), ["asyncInferenceConfig"], {
            outputConfig: { s3OutputPath: "s3://ml-async/out" },
        });
        assertViolations(await check(policy, ENDPOINT_CONFIG, props), 2, "dataCaptureConfig.kmsKeyId", "asyncInferenceConfig.outputConfig.kmsKeyId");
    });

    it("surfaces an unknown instance type as the SDK does, instead of guessing which way the key rule goes", async () => {
        const r = await check(policy, ENDPOINT_CONFIG, withValue(endpointConfigProps(), ["productionVariants", 0, "instanceType"], UNKNOWN.string));
        assertUnknown(r, "instanceType");
        assert.strictEqual(r.violations.length, 0);
    });
});

describe("aws-sagemaker-endpointconfiguration-enable-data-capture", () => {
    const policy = sagemakerEndpointConfigurationEnableDataCapture;

    it("passes a prod config capturing data", async () => {
        assertOutcome(await check(policy, ENDPOINT_CONFIG, endpointConfigProps()), "compliant");
    });

    it("does not apply outside prod", async () => {
        assertNotApplicable(
            await check(policy, ENDPOINT_CONFIG, without(endpointConfigProps(), ["dataCaptureConfig"]), { environment: "dev" }),
            "only in prod",
        );
    });

    it("reports a prod config without capture, with capture off, or sampling nothing", async () => {
        assertViolations(await check(policy, ENDPOINT_CONFIG, without(endpointConfigProps(), ["dataCaptureConfig"])), 1, "has no dataCaptureConfig");
        const off = withValue(
            withValue(endpointConfigProps(), ["dataCaptureConfig", "enableCapture"], false),
            ["dataCaptureConfig", "initialSamplingPercentage"],
            0,
        );
        assertViolations(await check(policy, ENDPOINT_CONFIG, off, { environment: "prod" }), 2, "enableCapture false", "samples 0%");
    });

    it("surfaces an unknown sampling percentage as the SDK does", async () => {
        assertUnknown(
            await check(policy, ENDPOINT_CONFIG, withValue(endpointConfigProps(), ["dataCaptureConfig", "initialSamplingPercentage"], UNKNOWN.number)),
            "initialSamplingPercentage",
        );
    });
});

describe("aws-sagemaker-endpoint-configure-blue-green-rollback", () => {
    const policy = sagemakerEndpointConfigureBlueGreenRollback;

    it("passes a prod endpoint deploying blue/green with rollback alarms", async () => {
        assertOutcome(await check(policy, ENDPOINT, endpointProps()), "compliant");
    });

    it("does not apply outside prod", async () => {
        assertNotApplicable(await check(policy, ENDPOINT, { endpointConfigName: "x" }, { environment: "staging" }), "only in prod");
    });

    it("reports a missing deployment config, a rolling update and no alarms", async () => {
        assertViolations(await check(policy, ENDPOINT, without(endpointProps(), ["deploymentConfig"])), 1, "has no deploymentConfig");
        const rolling = withValue(
            without(endpointProps(), ["deploymentConfig", "blueGreenUpdatePolicy"]),
            ["deploymentConfig", "autoRollbackConfiguration", "alarms"],
            [],
        );
        assertViolations(
            await check(policy, ENDPOINT, rolling),
            2,
            "no deploymentConfig.blueGreenUpdatePolicy",
            "no deploymentConfig.autoRollbackConfiguration.alarms",
        );
    });

    it("surfaces an unknown alarm name as the SDK does", async () => {
        assertUnknown(
            await check(
                policy,
                ENDPOINT,
                withValue(endpointProps(), ["deploymentConfig", "autoRollbackConfiguration", "alarms"], [{ alarmName: UNKNOWN.string }]),
            ),
            "alarmName",
        );
    });
});

describe("aws-sagemaker-featuregroup-configure-kms-keys", () => {
    const policy = sagemakerFeatureGroupConfigureKmsKeys;

    it("passes a feature group with both stores encrypted", async () => {
        assertOutcome(await check(policy, FEATURE_GROUP, featureGroupProps()), "compliant");
    });

    it("reports each store without a key", async () => {
        const props = without(without(featureGroupProps(), ["onlineStoreConfig", "securityConfig"]), ["offlineStoreConfig", "s3StorageConfig", "kmsKeyId"]);
        assertViolations(
            await check(policy, FEATURE_GROUP, props),
            2,
            "onlineStoreConfig.securityConfig.kmsKeyId",
            "offlineStoreConfig.s3StorageConfig.kmsKeyId",
        );
    });

    it("does not require an online key when the online store is off", async () => {
        const props = withValue(without(featureGroupProps(), ["onlineStoreConfig", "securityConfig"]), ["onlineStoreConfig", "enableOnlineStore"], false);
        assertOutcome(await check(policy, FEATURE_GROUP, props), "compliant");
    });

    it("is not applicable without any store", async () => {
        assertNotApplicable(
            await check(policy, FEATURE_GROUP, without(without(featureGroupProps(), ["onlineStoreConfig"]), ["offlineStoreConfig"])),
            "neither",
        );
    });

    it("surfaces an unknown online-store switch as the SDK does, still checking the offline store", async () => {
        const props = without(withValue(featureGroupProps(), ["onlineStoreConfig", "enableOnlineStore"], UNKNOWN.boolean), [
            "offlineStoreConfig",
            "s3StorageConfig",
            "kmsKeyId",
        ]);
        const r = await check(policy, FEATURE_GROUP, props);
        assertViolations(r, 1, "offlineStoreConfig.s3StorageConfig.kmsKeyId");
        assert.ok(
            r.previewDiagnostics.some((d) => d.includes("enableOnlineStore")),
            JSON.stringify(r.previewDiagnostics),
        );
    });
});

describe("aws-sagemaker-monitoringjob-configure-kms-keys", () => {
    const policy = sagemakerMonitoringJobConfigureKmsKeys;

    it("passes encrypted data quality definitions and inline schedule definitions", async () => {
        assertOutcome(await check(policy, DATA_QUALITY, dataQualityProps()), "compliant");
        assertOutcome(await check(policy, SCHEDULE, monitoringScheduleProps()), "compliant");
        assertOutcome(
            await check(policy, DATA_QUALITY, without(dataQualityProps("ml.m5d.xlarge"), ["jobResources", "clusterConfig", "volumeKmsKeyId"])),
            "compliant",
        );
    });

    it("reports missing output and volume keys", async () => {
        const props = without(without(dataQualityProps(), ["dataQualityJobOutputConfig", "kmsKeyId"]), ["jobResources", "clusterConfig", "volumeKmsKeyId"]);
        assertViolations(
            await check(policy, DATA_QUALITY, props),
            2,
            "dataQualityJobOutputConfig.kmsKeyId is not set",
            "jobResources.clusterConfig.volumeKmsKeyId is not set",
        );
        const schedule = without(monitoringScheduleProps(), ["monitoringScheduleConfig", "monitoringJobDefinition", "monitoringOutputConfig", "kmsKeyId"]);
        assertViolations(await check(policy, SCHEDULE, schedule), 1, "monitoringOutputConfig.kmsKeyId is not set");
    });

    it("reports a volume key on a local-NVMe instance type", async () => {
        assertViolations(await check(policy, DATA_QUALITY, dataQualityProps("ml.m5d.xlarge")), 1, "ml.m5d.xlarge has local NVMe storage");
    });

    it("is not applicable to a schedule naming a separate job definition", async () => {
        const props = {
            monitoringScheduleConfig: { monitoringType: "DataQuality", monitoringJobDefinitionName: "fraud-dq" },
        };
        assertNotApplicable(await check(policy, SCHEDULE, props), "monitoringJobDefinitionName");
    });

    it("surfaces an unknown instance type as the SDK does", async () => {
        assertUnknown(
            await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["jobResources", "clusterConfig", "instanceType"], UNKNOWN.string)),
            "instanceType",
        );
    });
});

describe("aws-sagemaker-monitoringjob-enable-network-isolation", () => {
    const policy = sagemakerMonitoringJobEnableNetworkIsolation;

    it("passes isolated monitoring jobs", async () => {
        assertOutcome(await check(policy, DATA_QUALITY, dataQualityProps()), "compliant");
        assertOutcome(await check(policy, SCHEDULE, monitoringScheduleProps()), "compliant");
    });

    it("reports isolation off or missing", async () => {
        assertViolations(await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["networkConfig", "enableNetworkIsolation"], false)), 1, "is false");
        assertViolations(await check(policy, DATA_QUALITY, without(dataQualityProps(), ["networkConfig"])), 1, "not set (default false)");
        const schedule = without(monitoringScheduleProps(), ["monitoringScheduleConfig", "monitoringJobDefinition", "networkConfig"]);
        assertViolations(await check(policy, SCHEDULE, schedule), 1, "monitoringJobDefinition.networkConfig.enableNetworkIsolation");
    });

    it("surfaces an unknown flag or an unknown inline definition as the SDK does", async () => {
        assertUnknown(
            await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["networkConfig", "enableNetworkIsolation"], UNKNOWN.boolean)),
            "enableNetworkIsolation",
        );
        assertUnknown(
            await check(policy, SCHEDULE, withValue(monitoringScheduleProps(), ["monitoringScheduleConfig", "monitoringJobDefinition"], UNKNOWN.object)),
            "monitoringJobDefinition",
        );
    });
});

describe("aws-sagemaker-instancetype-enforce-allowed-families (endpoints and notebooks)", () => {
    const policy = sagemakerInstanceTypeEnforceAllowedFamilies;

    it("passes Inferentia endpoints, serverless variants and allow-listed notebooks", async () => {
        assertOutcome(await check(policy, ENDPOINT_CONFIG, endpointConfigProps("ml.inf2.xlarge")), "compliant");
        const serverless = withValue(
            endpointConfigProps(),
            ["productionVariants"],
            [{ variantName: "s", modelName: "m", serverlessConfig: { maxConcurrency: 5, memorySizeInMb: 2048 } }],
        );
        assertOutcome(await check(policy, ENDPOINT_CONFIG, serverless), "compliant");
        assertOutcome(await check(policy, NOTEBOOK, notebookProps()), "compliant");
    });

    it("reports families off the inference and notebook lists", async () => {
        assertViolations(
            await check(policy, ENDPOINT_CONFIG, endpointConfigProps("ml.p3.2xlarge")),
            1,
            "productionVariants[0]: instance type ml.p3.2xlarge (family p3) is not on the inference allow-list (inf2, inf1",
        );
        assertViolations(
            await check(policy, NOTEBOOK, withValue(notebookProps(), ["instanceType"], "ml.p3.2xlarge")),
            1,
            "not on the notebook allow-list (t3, m5",
        );
    });

    it("follows the configured notebook list", async () => {
        assertViolations(await check(policy, NOTEBOOK, notebookProps(), { notebookFamilies: ["m5"] }), 1, "(m5)");
    });

    it("reports a notebook without an instance type", async () => {
        assertViolations(await check(policy, NOTEBOOK, without(notebookProps(), ["instanceType"])), 1, "instanceType is not set");
    });

    it("surfaces an unknown variant type as the SDK does", async () => {
        assertUnknown(
            await check(policy, ENDPOINT_CONFIG, withValue(endpointConfigProps(), ["productionVariants", 0, "instanceType"], UNKNOWN.string)),
            "instanceType",
        );
    });
});

describe("monitoring job rules on Cloud Control model-quality and model-bias definitions", () => {
    const cases: [string, Parameters<typeof check>[0], (s: Record<string, any>) => void, string][] = [
        [
            "aws-sagemaker-monitoringjob-enable-network-isolation",
            sagemakerMonitoringJobEnableNetworkIsolation,
            (s) => (s.NetworkConfig.EnableNetworkIsolation = false),
            "networkConfig.enableNetworkIsolation is false",
        ],
        [
            "aws-sagemaker-monitoringjob-configure-kms-keys",
            sagemakerMonitoringJobConfigureKmsKeys,
            (s) => delete s.ModelQualityJobOutputConfig.KmsKeyId,
            "modelQualityJobOutputConfig.kmsKeyId is not set",
        ],
        [
            "aws-sagemaker-monitoringjob-enable-inter-container-encryption",
            sagemakerMonitoringJobEnableInterContainerEncryption,
            (s) => (s.NetworkConfig.EnableInterContainerTrafficEncryption = false),
            "enableInterContainerTrafficEncryption is false",
        ],
        [
            "aws-sagemaker-monitoringjob-configure-vpc",
            sagemakerMonitoringJobConfigureVpc,
            (s) => delete s.NetworkConfig.VpcConfig,
            "networkConfig.vpcConfig.subnets is not set",
        ],
    ];
    for (const [name, policy, weaken, message] of cases) {
        describe(name, () => {
            it("passes the platform's model-quality and model-bias definitions", async () => {
                assertOutcome(await check(policy, CLOUD_CONTROL, cloudControlJobProps("ModelQuality")), "compliant");
                assertOutcome(await check(policy, CLOUD_CONTROL, cloudControlJobProps("ModelBias")), "compliant");
            });
            it("reports the weakened definition, naming it as a Cloud Control desired state", async () => {
                assertViolations(
                    await check(policy, CLOUD_CONTROL, cloudControlJobProps("ModelQuality", weaken)),
                    name.endsWith("configure-vpc") ? 2 : 1,
                    message,
                    "Model quality job definition",
                );
            });
            it("reports an unreadable desired state and skips other Cloud Control types (missing values)", async () => {
                assertViolations(await check(policy, CLOUD_CONTROL, { typeName: "AWS::SageMaker::ModelBiasJobDefinition" }), 1, "desiredState is not set");
                assertViolations(
                    await check(policy, CLOUD_CONTROL, { typeName: "AWS::SageMaker::ModelBiasJobDefinition", desiredState: "{" }),
                    1,
                    "not valid JSON",
                );
                assertNotApplicable(await check(policy, CLOUD_CONTROL, { typeName: "AWS::Logs::LogGroup", desiredState: "{}" }), "AWS::Logs::LogGroup");
            });
            it("surfaces an unknown desired state or type name the way the SDK does", async () => {
                assertUnknown(
                    await check(policy, CLOUD_CONTROL, { typeName: "AWS::SageMaker::ModelQualityJobDefinition", desiredState: UNKNOWN.string }),
                    "desiredState",
                );
                assertUnknown(await check(policy, CLOUD_CONTROL, { typeName: UNKNOWN.string, desiredState: "{}" }), "typeName");
            });
        });
    }
});

describe("aws-sagemaker-monitoringjob-enable-inter-container-encryption", () => {
    const policy = sagemakerMonitoringJobEnableInterContainerEncryption;
    it("passes data-quality definitions and inline schedule definitions that encrypt", async () => {
        assertOutcome(await check(policy, DATA_QUALITY, dataQualityProps()), "compliant");
        assertOutcome(await check(policy, SCHEDULE, monitoringScheduleProps()), "compliant");
    });
    it("reports encryption off (CKV_AWS_369) or missing", async () => {
        assertViolations(
            await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["networkConfig", "enableInterContainerTrafficEncryption"], false)),
            1,
            "is false",
        );
        const schedule = without(monitoringScheduleProps(), [
            "monitoringScheduleConfig",
            "monitoringJobDefinition",
            "networkConfig",
            "enableInterContainerTrafficEncryption",
        ]);
        assertViolations(await check(policy, SCHEDULE, schedule), 1, "not set (default false)");
    });
    it("surfaces an unknown flag the way the SDK does", async () => {
        assertUnknown(
            await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["networkConfig", "enableInterContainerTrafficEncryption"], UNKNOWN.boolean)),
            "enableInterContainerTrafficEncryption",
        );
    });
});

describe("aws-sagemaker-monitoringjob-configure-vpc", () => {
    const policy = sagemakerMonitoringJobConfigureVpc;
    it("passes jobs with subnets and security groups, known or computed", async () => {
        assertOutcome(await check(policy, DATA_QUALITY, dataQualityProps()), "compliant");
        assertOutcome(await check(policy, DATA_QUALITY, withValue(dataQualityProps(), ["networkConfig", "vpcConfig", "subnets"], UNKNOWN.array)), "compliant");
    });
    it("reports a job without a VPC (missing value), or without security groups", async () => {
        assertViolations(
            await check(policy, DATA_QUALITY, without(dataQualityProps(), ["networkConfig"])),
            2,
            "networkConfig.vpcConfig.subnets is not set",
            "securityGroupIds",
        );
        assertViolations(
            await check(
                policy,
                SCHEDULE,
                without(monitoringScheduleProps(), ["monitoringScheduleConfig", "monitoringJobDefinition", "networkConfig", "vpcConfig", "securityGroupIds"]),
            ),
            1,
            "securityGroupIds",
        );
    });
    it("surfaces an unknown inline definition the way the SDK does", async () => {
        assertUnknown(
            await check(policy, SCHEDULE, withValue(monitoringScheduleProps(), ["monitoringScheduleConfig", "monitoringJobDefinition"], UNKNOWN.object)),
            "monitoringJobDefinition",
        );
    });
});

describe("aws-sagemaker-endpointconfiguration-configure-instance-count", () => {
    const policy = sagemakerEndpointConfigurationConfigureInstanceCount;
    const one = () => withValue(endpointConfigProps(), ["productionVariants", 0, "initialInstanceCount"], 1);
    it("passes two instances in prod, and serverless variants", async () => {
        assertOutcome(await check(policy, ENDPOINT_CONFIG, endpointConfigProps()), "compliant");
        const serverless = withValue(
            endpointConfigProps(),
            ["productionVariants"],
            [{ variantName: "s", modelName: "m", serverlessConfig: { maxConcurrency: 5, memorySizeInMb: 2048 } }],
        );
        assertOutcome(await check(policy, ENDPOINT_CONFIG, serverless), "compliant");
    });
    it("reports one instance, or no count (missing value), in prod", async () => {
        assertViolations(await check(policy, ENDPOINT_CONFIG, one()), 1, "productionVariants[0] starts with 1 instance(s); at least 2");
        assertViolations(
            await check(policy, ENDPOINT_CONFIG, without(endpointConfigProps(), ["productionVariants", 0, "initialInstanceCount"])),
            1,
            "starts with no instance(s)",
        );
    });
    it("does not apply outside prod", async () => {
        assertNotApplicable(await check(policy, ENDPOINT_CONFIG, one(), { environment: "staging" }), "only in prod");
    });
    it("surfaces an unknown count the way the SDK does", async () => {
        assertUnknown(
            await check(policy, ENDPOINT_CONFIG, withValue(endpointConfigProps(), ["productionVariants", 0, "initialInstanceCount"], UNKNOWN.number)),
            "initialInstanceCount",
        );
    });
});

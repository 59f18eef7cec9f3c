/**
 * Every rule of the library, listed explicitly (no directory scanning), so a
 * pack's contents are visible in review and a forgotten registration fails
 * the metadata tests (`tests/policies/registry.test.ts`).
 *
 * One import and one list entry per rule. Keep the groups; append within them.
 */
import { PlatformPolicy } from "../lib/types";

// KMS
import { kmsKeyConfigureDeletionWindow } from "./kms/Key/configureDeletionWindow";
import { kmsKeyDisallowBypassPolicyLockoutSafetyCheck } from "./kms/Key/disallowBypassPolicyLockoutSafetyCheck";
import { kmsKeyDisallowWildcardPrincipal } from "./kms/Key/disallowWildcardPrincipal";
import { kmsKeyEnableKeyRotation } from "./kms/Key/enableKeyRotation";

// S3
import { s3BucketDisallowForceDestroy } from "./s3/Bucket/disallowForceDestroy";
import { s3BucketDisallowPublicAccess } from "./s3/Bucket/disallowPublicAccess";
import { s3BucketEnableAccessLogging } from "./s3/Bucket/enableAccessLogging";
import { s3BucketEnableKmsEncryption } from "./s3/Bucket/enableKmsEncryption";
import { s3BucketEnableObjectLock } from "./s3/Bucket/enableObjectLock";
import { s3BucketEnablePublicAccessBlock } from "./s3/Bucket/enablePublicAccessBlock";
import { s3BucketEnableVersioning } from "./s3/Bucket/enableVersioning";
import { s3BucketEnforceTls } from "./s3/Bucket/enforceTls";
import { s3BucketEncryptionEnableBucketKey } from "./s3/BucketServerSideEncryptionConfiguration/enableBucketKey";

// Network
import { ec2DefaultSecurityGroupEnforceClosed } from "./ec2/DefaultSecurityGroup/enforceClosed";
import { ec2SecurityGroupDisallowPublicIngress } from "./ec2/SecurityGroup/disallowPublicIngress";
import { ec2SubnetDisallowInternetGatewayRoute } from "./ec2/Subnet/disallowInternetGatewayRoute";
import { ec2SubnetDisallowPublicIpMapping } from "./ec2/Subnet/disallowPublicIpMapping";
import { ec2VpcDisallowAwsxVpc } from "./ec2/Vpc/disallowAwsxVpc";
import { ec2VpcEnableFlowLogs } from "./ec2/Vpc/enableFlowLogs";
import { ec2RouteTableDisallowUnrestrictedInternetGatewayRoute } from "./ec2/RouteTable/disallowUnrestrictedInternetGatewayRoute";
import { ec2InternetGatewayDisallowVpcAttachment } from "./ec2/InternetGateway/disallowVpcAttachment";

// Audit
import { cfgRecorderEnableConfigurationRecording } from "./cfg/Recorder/enableConfigurationRecording";
import { cloudtrailTrailEnableMultiRegionTrail } from "./cloudtrail/Trail/enableMultiRegionTrail";
import { cloudtrailTrailEnableS3DataEvents } from "./cloudtrail/Trail/enableS3DataEvents";
import { cloudwatchLogGroupConfigureRetention } from "./cloudwatch/LogGroup/configureRetention";
import { cloudwatchLogGroupEnableKmsEncryption } from "./cloudwatch/LogGroup/enableKmsEncryption";

// IAM
import { iamPolicyDisallowFullAdmin } from "./iam/Policy/disallowFullAdmin";
import { iamRoleConfigureSagemakerGuardConditions } from "./iam/Role/configureSagemakerGuardConditions";
import { iamRoleDisallowInlineAdmin } from "./iam/Role/disallowInlineAdmin";
import { iamPolicyDisallowServiceFullAccess } from "./iam/Policy/disallowServiceFullAccess";
import { iamPolicyDisallowBlockedKmsActions } from "./iam/Policy/disallowBlockedKmsActions";
import { iamPolicyAttachmentDisallowAdminManagedPolicies } from "./iam/PolicyAttachment/disallowAdminManagedPolicies";

// Tags
import { taggingResourceEnforceRequiredTags } from "./tagging/Resource/enforceRequiredTags";

// SageMaker
import { sagemakerDomainConfigureKmsKey } from "./sagemaker/Domain/configureKmsKey";
import { sagemakerDomainEnforceVpcOnly } from "./sagemaker/Domain/enforceVpcOnly";
import { sagemakerEndpointConfigureBlueGreenRollback } from "./sagemaker/Endpoint/configureBlueGreenRollback";
import { sagemakerEndpointConfigurationConfigureKmsKey } from "./sagemaker/EndpointConfiguration/configureKmsKey";
import { sagemakerEndpointConfigurationEnableDataCapture } from "./sagemaker/EndpointConfiguration/enableDataCapture";
import { sagemakerFeatureGroupConfigureKmsKeys } from "./sagemaker/FeatureGroup/configureKmsKeys";
import { sagemakerModelConfigureVpc } from "./sagemaker/Model/configureVpc";
import { sagemakerModelEnableNetworkIsolation } from "./sagemaker/Model/enableNetworkIsolation";
import { sagemakerMonitoringJobConfigureKmsKeys } from "./sagemaker/MonitoringJobDefinition/configureKmsKeys";
import { sagemakerMonitoringJobEnableNetworkIsolation } from "./sagemaker/MonitoringJobDefinition/enableNetworkIsolation";
import { sagemakerMonitoringJobEnableInterContainerEncryption } from "./sagemaker/MonitoringJobDefinition/enableInterContainerEncryption";
import { sagemakerMonitoringJobConfigureVpc } from "./sagemaker/MonitoringJobDefinition/configureVpc";
import { sagemakerEndpointConfigurationConfigureInstanceCount } from "./sagemaker/EndpointConfiguration/configureInstanceCount";
import { sagemakerNotebookInstanceConfigureKmsKey } from "./sagemaker/NotebookInstance/configureKmsKey";
import { sagemakerNotebookInstanceConfigureSubnet } from "./sagemaker/NotebookInstance/configureSubnet";
import { sagemakerNotebookInstanceDisallowDirectInternetAccess } from "./sagemaker/NotebookInstance/disallowDirectInternetAccess";
import { sagemakerNotebookInstanceDisallowRootAccess } from "./sagemaker/NotebookInstance/disallowRootAccess";

// Glue and Lake Formation
import { glueCrawlerConfigureSecurityConfiguration } from "./glue/Crawler/configureSecurityConfiguration";
import { glueDataCatalogEncryptionSettingsConfigureKmsEncryption } from "./glue/DataCatalogEncryptionSettings/configureKmsEncryption";
import { glueJobConfigureSecurityConfiguration } from "./glue/Job/configureSecurityConfiguration";
import { glueSecurityConfigurationConfigureKmsEncryption } from "./glue/SecurityConfiguration/configureKmsEncryption";
import { glueSecurityConfigurationEnforceCompliantReferences } from "./glue/SecurityConfiguration/enforceCompliantReferences";
import { lakeFormationDataLakeSettingsDisallowIamAllowedPrincipals } from "./lakeformation/DataLakeSettings/disallowIamAllowedPrincipals";
import { lakeFormationResourceEnforceLakeLocationRegistration } from "./lakeformation/Resource/enforceLakeLocationRegistration";

// Step Functions, SNS, CloudWatch alarms
import { sfnStateMachineConfigureKmsKey } from "./sfn/StateMachine/configureKmsKey";
import { sfnStateMachineConfigureLogging } from "./sfn/StateMachine/configureLogging";
import { sfnStateMachineEnableTracing } from "./sfn/StateMachine/enableTracing";
import { snsTopicConfigureKmsKey } from "./sns/Topic/configureKmsKey";
import { snsTopicEnforceTls } from "./sns/Topic/enforceTls";
import { snsTopicPolicyDisallowPublicAccess } from "./sns/TopicPolicy/disallowPublicAccess";
import { cloudwatchMetricAlarmConfigureAlarmActions } from "./cloudwatch/MetricAlarm/configureAlarmActions";
import { trainingJobRules } from "./sagemaker/trainingRules";
import { transformJobRules } from "./sagemaker/transformRules";

export const allPolicies: PlatformPolicy[] = [
    // KMS
    kmsKeyEnableKeyRotation,
    kmsKeyConfigureDeletionWindow,
    kmsKeyDisallowWildcardPrincipal,
    kmsKeyDisallowBypassPolicyLockoutSafetyCheck,
    // S3
    s3BucketEnableKmsEncryption,
    s3BucketEncryptionEnableBucketKey,
    s3BucketEnableVersioning,
    s3BucketEnablePublicAccessBlock,
    s3BucketDisallowPublicAccess,
    s3BucketEnforceTls,
    s3BucketEnableAccessLogging,
    s3BucketEnableObjectLock,
    s3BucketDisallowForceDestroy,
    // Network
    ec2SubnetDisallowInternetGatewayRoute,
    ec2SubnetDisallowPublicIpMapping,
    ec2SecurityGroupDisallowPublicIngress,
    ec2DefaultSecurityGroupEnforceClosed,
    ec2VpcEnableFlowLogs,
    ec2VpcDisallowAwsxVpc,
    ec2RouteTableDisallowUnrestrictedInternetGatewayRoute,
    ec2InternetGatewayDisallowVpcAttachment,
    // Audit
    cloudtrailTrailEnableMultiRegionTrail,
    cloudtrailTrailEnableS3DataEvents,
    cfgRecorderEnableConfigurationRecording,
    cloudwatchLogGroupEnableKmsEncryption,
    cloudwatchLogGroupConfigureRetention,
    // IAM
    iamPolicyDisallowFullAdmin,
    iamRoleDisallowInlineAdmin,
    iamRoleConfigureSagemakerGuardConditions,
    iamPolicyDisallowServiceFullAccess,
    iamPolicyDisallowBlockedKmsActions,
    iamPolicyAttachmentDisallowAdminManagedPolicies,
    // Tags
    taggingResourceEnforceRequiredTags,
    // SageMaker
    sagemakerDomainEnforceVpcOnly,
    sagemakerDomainConfigureKmsKey,
    sagemakerNotebookInstanceDisallowDirectInternetAccess,
    sagemakerNotebookInstanceDisallowRootAccess,
    sagemakerNotebookInstanceConfigureKmsKey,
    sagemakerNotebookInstanceConfigureSubnet,
    sagemakerModelEnableNetworkIsolation,
    sagemakerModelConfigureVpc,
    sagemakerEndpointConfigurationConfigureKmsKey,
    sagemakerEndpointConfigurationEnableDataCapture,
    sagemakerEndpointConfigureBlueGreenRollback,
    ...trainingJobRules,
    ...transformJobRules,
    sagemakerFeatureGroupConfigureKmsKeys,
    sagemakerMonitoringJobConfigureKmsKeys,
    sagemakerMonitoringJobEnableNetworkIsolation,
    sagemakerMonitoringJobEnableInterContainerEncryption,
    sagemakerMonitoringJobConfigureVpc,
    sagemakerEndpointConfigurationConfigureInstanceCount,
    // Glue and Lake Formation
    glueDataCatalogEncryptionSettingsConfigureKmsEncryption,
    glueSecurityConfigurationConfigureKmsEncryption,
    glueCrawlerConfigureSecurityConfiguration,
    glueJobConfigureSecurityConfiguration,
    glueSecurityConfigurationEnforceCompliantReferences,
    lakeFormationDataLakeSettingsDisallowIamAllowedPrincipals,
    lakeFormationResourceEnforceLakeLocationRegistration,
    // Step Functions, SNS, CloudWatch alarms
    sfnStateMachineConfigureLogging,
    sfnStateMachineEnableTracing,
    sfnStateMachineConfigureKmsKey,
    snsTopicConfigureKmsKey,
    snsTopicEnforceTls,
    snsTopicPolicyDisallowPublicAccess,
    cloudwatchMetricAlarmConfigureAlarmActions,
];

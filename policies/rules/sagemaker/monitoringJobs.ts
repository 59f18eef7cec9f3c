/**
 * Model Monitor jobs, however declared, as one shape: a DataQualityJobDefinition,
 * a MonitoringSchedule carrying its job definition inline, or a job
 * definition created through the Cloud Control API. (In @pulumi/aws 7.x the
 * model-quality, bias and explainability job definitions have no resource of
 * their own; the platform creates them as aws.cloudcontrol.Resource of
 * `AWS::SageMaker::<Kind>JobDefinition`, whose `desiredState` is the
 * CloudFormation JSON. A schedule naming a separate definition by
 * `monitoringJobDefinitionName` is checked through that definition.)
 */
import { getString, probe } from "../../lib/access";
import { CheckResult, Findings, nonCompliant, notApplicable } from "../../lib/result";

export const DATA_QUALITY_JOB_DEFINITION_TYPE = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
export const MONITORING_SCHEDULE_TYPE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
export const CLOUD_CONTROL_RESOURCE_TYPE = "aws:cloudcontrol/resource:Resource";
export const MONITORING_RESOURCE_TYPES = [DATA_QUALITY_JOB_DEFINITION_TYPE, MONITORING_SCHEDULE_TYPE, CLOUD_CONTROL_RESOURCE_TYPE];

/** Cloud Control type names of the monitoring job definitions, by the prefix of their output-config key. */
const CLOUD_CONTROL_JOB_KINDS: Record<string, string> = {
    "AWS::SageMaker::DataQualityJobDefinition": "dataQuality",
    "AWS::SageMaker::ModelQualityJobDefinition": "modelQuality",
    "AWS::SageMaker::ModelBiasJobDefinition": "modelBias",
    "AWS::SageMaker::ModelExplainabilityJobDefinition": "modelExplainability",
};

/** Paths (SDK camelCase) of the settings the monitoring rules read, relative to `source`. */
export interface MonitoringPaths {
    /** The object the paths are read from: the props, or a Cloud Control resource's parsed desired state. */
    source: unknown;
    label: string;
    clusterConfig: string[];
    outputConfig: string[];
    networkConfig: string[];
}

/** CloudFormation's PascalCase keys as the SDK's camelCase, at every depth, so one set of paths reads both. */
function camelKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(camelKeys);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelKeys(v)]));
    }
    return value;
}

/** Why a Cloud Control resource is not a monitoring job definition, or the desired state's problem. */
type CloudControlJob = { state: "job"; kind: string; desired: unknown } | { state: "other"; typeName: string } | { state: "unreadable"; reason: string };

/** Reads a Cloud Control resource as a monitoring job definition; unknown values throw for the SDK. */
function cloudControlJob(props: Record<string, unknown>): CloudControlJob {
    const t = probe(props, "typeName");
    if (t.state === "unknown") {
        throw t.error;
    }
    const typeName = getString(props, "typeName") ?? "";
    const kind = CLOUD_CONTROL_JOB_KINDS[typeName];
    if (kind === undefined) {
        return { state: "other", typeName };
    }
    const d = probe(props, "desiredState");
    if (d.state === "unknown") {
        throw d.error;
    }
    const text = getString(props, "desiredState");
    if (text === undefined) {
        return { state: "unreadable", reason: "desiredState is not set" };
    }
    try {
        return { state: "job", kind, desired: camelKeys(JSON.parse(text)) };
    } catch {
        return { state: "unreadable", reason: "desiredState is not valid JSON" };
    }
}

/** Where the job settings live for this resource; undefined when the resource declares no job (e.g. a schedule naming a definition). */
export function monitoringPaths(type: string, name: string, props: Record<string, unknown>, job?: CloudControlJob): MonitoringPaths | undefined {
    if (job?.state === "job") {
        const kind = job.kind.replace(/([A-Z])/g, " $1").toLowerCase();
        return {
            source: job.desired,
            label: `${kind.charAt(0).toUpperCase()}${kind.slice(1)} job definition "${name}" (Cloud Control desiredState)`,
            clusterConfig: ["jobResources", "clusterConfig"],
            outputConfig: [`${job.kind}JobOutputConfig`],
            networkConfig: ["networkConfig"],
        };
    }
    if (type === DATA_QUALITY_JOB_DEFINITION_TYPE) {
        return {
            source: props,
            label: `Data quality job definition "${name}"`,
            clusterConfig: ["jobResources", "clusterConfig"],
            outputConfig: ["dataQualityJobOutputConfig"],
            networkConfig: ["networkConfig"],
        };
    }
    const def = ["monitoringScheduleConfig", "monitoringJobDefinition"];
    const p = probe(props, ...def);
    if (p.state === "unknown") {
        throw p.error;
    }
    if (p.state === "missing") {
        return undefined;
    }
    return {
        source: props,
        label: `Monitoring schedule "${name}" monitoringJobDefinition`,
        clusterConfig: [...def, "monitoringResources", "clusterConfig"],
        outputConfig: [...def, "monitoringOutputConfig"],
        networkConfig: [...def, "networkConfig"],
    };
}

export const NO_INLINE_JOB = "The monitoring schedule names a separate job definition (monitoringJobDefinitionName), which is checked on its own";

/**
 * Runs `checkJob` on the job a monitoring resource declares, collecting its
 * findings; not applicable to a schedule that names a separate definition or
 * to a Cloud Control resource of another type. `checkJob` reads the settings
 * from `paths.source`.
 */
export function checkMonitoringJob(
    props: Record<string, unknown>,
    ctx: { type: string; name: string },
    checkJob: (paths: MonitoringPaths, findings: Findings) => void,
): CheckResult {
    let job: CloudControlJob | undefined;
    if (ctx.type === CLOUD_CONTROL_RESOURCE_TYPE) {
        job = cloudControlJob(props);
        if (job.state === "other") {
            return notApplicable(`Cloud Control resource of type ${job.typeName || "(none)"} is not a SageMaker monitoring job definition`);
        }
        if (job.state === "unreadable") {
            return nonCompliant(`Monitoring job definition "${ctx.name}": ${job.reason}, so its settings cannot be checked.`);
        }
    }
    const paths = monitoringPaths(ctx.type, ctx.name, props, job);
    if (!paths) {
        return notApplicable(NO_INLINE_JOB);
    }
    const findings = new Findings();
    checkJob(paths, findings);
    return findings.result();
}

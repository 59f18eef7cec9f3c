/**
 * Model Monitor jobs, however declared, as one shape: a DataQualityJobDefinition,
 * or a MonitoringSchedule carrying its job definition inline. (In @pulumi/aws
 * 7.48 the model-quality, bias and explainability job definitions have no
 * resource of their own; a schedule naming a separate definition by
 * `monitoringJobDefinitionName` is checked through that definition.)
 */
import { probe } from "../../lib/access";
import { CheckResult, Findings, notApplicable } from "../../lib/result";

export const DATA_QUALITY_JOB_DEFINITION_TYPE = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
export const MONITORING_SCHEDULE_TYPE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
export const MONITORING_RESOURCE_TYPES = [DATA_QUALITY_JOB_DEFINITION_TYPE, MONITORING_SCHEDULE_TYPE];

/** Paths (SDK camelCase) of the settings the monitoring rules read, relative to the props. */
export interface MonitoringPaths {
    label: string;
    clusterConfig: string[];
    outputConfig: string[];
    networkConfig: string[];
}

/** Where the job settings live for this resource; undefined when the resource declares no job (e.g. a schedule naming a definition). */
export function monitoringPaths(type: string, name: string, props: Record<string, unknown>): MonitoringPaths | undefined {
    if (type === DATA_QUALITY_JOB_DEFINITION_TYPE) {
        return {
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
        label: `Monitoring schedule "${name}" monitoringJobDefinition`,
        clusterConfig: [...def, "monitoringResources", "clusterConfig"],
        outputConfig: [...def, "monitoringOutputConfig"],
        networkConfig: [...def, "networkConfig"],
    };
}

export const NO_INLINE_JOB = "The monitoring schedule names a separate job definition (monitoringJobDefinitionName), which is checked on its own";

/**
 * Runs `checkJob` on the job a monitoring resource declares, collecting its
 * findings; not applicable to a schedule that names a separate definition.
 */
export function checkMonitoringJob(
    props: Record<string, unknown>,
    ctx: { type: string; name: string },
    checkJob: (paths: MonitoringPaths, findings: Findings) => void,
): CheckResult {
    const paths = monitoringPaths(ctx.type, ctx.name, props);
    if (!paths) {
        return notApplicable(NO_INLINE_JOB);
    }
    const findings = new Findings();
    checkJob(paths, findings);
    return findings.result();
}

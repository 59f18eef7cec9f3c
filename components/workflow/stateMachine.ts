/**
 * What every platform state machine shares: its trust, its own-key and logging permissions, a KMS-encrypted
 * execution log group, and an optional EventBridge Scheduler schedule.
 *
 * `MlWorkflow` and `BatchInference` build their state machines here, so both log, encrypt, trace and start on a
 * schedule the same way, and a fix to one reaches the other.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArnContext, checkRequired, dataOptions, PolicyDocument, policyDocument, PolicyStatement, toJson, ValidationError } from "../lib";

/** An EventBridge Scheduler schedule that starts a state machine. */
export interface StateMachineScheduleArgs {
    /** `rate(7 days)`, `cron(0 3 ? * SUN *)` or `at(2030-01-01T00:00:00)`. */
    expression: string;
    /**
     * IANA time zone the expression is evaluated in.
     * @default "UTC"
     */
    timezone?: string;
    /**
     * Whether the schedule fires; a disabled schedule is kept but starts nothing.
     * @default true
     */
    enabled?: boolean;
}

const STATE_MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const SCHEDULE_EXPRESSION = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;

/** Throws unless `name` is a state machine name: 1 to 80 letters, digits, `-` and `_`. */
export function checkStateMachineName(field: string, name: string): void {
    if (!STATE_MACHINE_NAME.test(name)) {
        throw new ValidationError(field, "1 to 80 letters, digits, hyphens and underscores", name);
    }
}

/** Throws unless `schedule` (when given) has an EventBridge Scheduler expression; `field` is its path. */
export function checkSchedule(field: string, schedule: StateMachineScheduleArgs | undefined): void {
    if (schedule === undefined) {
        return;
    }
    checkRequired(`${field}.expression`, schedule.expression, "a schedule expression");
    if (!SCHEDULE_EXPRESSION.test(schedule.expression)) {
        throw new ValidationError(
            `${field}.expression`,
            'an EventBridge Scheduler expression: "rate(7 days)", "cron(0 3 ? * SUN *)" or "at(2030-01-01T00:00:00)"',
            schedule.expression,
        );
    }
}

/** A lower-case name prefix derived from a component name: letters, digits and single hyphens, up to 30. */
export function defaultNamePrefix(name: string): string {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+/, "")
        .slice(0, 30)
        .replace(/-+$/, "");
}

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`, known before the state machine exists. */
export function stateMachineArn(ctx: ArnContext, name: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:states:${ctx.region}:${ctx.account}:stateMachine:${name}`;
}

/** Trust for Step Functions, from this account and this state machine only. */
export function statesTrustPolicy(account: pulumi.Input<string>, smArn: pulumi.Input<string>): PolicyDocument {
    return policyDocument({
        Sid: "StepFunctionsAssumeForThisStateMachine",
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": smArn } },
    });
}

/**
 * What a state machine needs for itself: its customer-managed key (for its own definition and history only),
 * encrypted log delivery, and X-Ray.
 */
export function stateMachineOwnStatements(ctx: ArnContext, smArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string>): PolicyStatement[] {
    return [
        {
            Sid: "EncryptOwnExecutionData",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: kmsKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": smArn } },
        },
        {
            // Log delivery of execution history encrypted under the state machine's key.
            Sid: "EncryptExecutionLogDelivery",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: kmsKeyArn,
            Condition: { StringLike: { "kms:EncryptionContext:SourceArn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:*` } },
        },
        {
            // The CloudWatch Logs vended-delivery API has no resource-level permissions.
            Sid: "DeliverExecutionLogs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            Resource: "*",
        },
        {
            Sid: "XRayTracing",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: "*",
        },
    ];
}

/**
 * What the optimized `.sync` integrations need to wait for a job: Step Functions creates (once per account) and
 * reads a managed EventBridge rule named for the integration, e.g.
 * `StepFunctionsGetEventsForSageMakerTransformJobsRule`.
 */
export function syncIntegrationRuleStatement(ctx: ArnContext, sid: string, ruleNames: string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        Resource: ruleNames.map((r) => pulumi.interpolate`arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:rule/${r}`),
    };
}

/** Inputs of {@link governedStateMachine}. */
export interface GovernedStateMachineInputs {
    ctx: ArnContext;
    /** Fixed name of the state machine; its ARN is named in the role's trust before it exists. */
    stateMachineName: string;
    /** What the state machine does, for the role's and schedule's descriptions. */
    purpose: string;
    definition: pulumi.Input<string>;
    /** The role's permissions for the calls the definition makes; the state machine's own are added. */
    statements: PolicyStatement[];
    kmsKeyArn: pulumi.Input<string>;
    logsKmsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    schedule?: StateMachineScheduleArgs;
    protect: boolean;
    tags?: { [key: string]: string };
}

/** The resources {@link governedStateMachine} creates. */
export interface GovernedStateMachine {
    stateMachine: aws.sfn.StateMachine;
    role: aws.iam.Role;
    logGroup: aws.cloudwatch.LogGroup;
    schedule?: aws.scheduler.Schedule;
}

/**
 * A standard state machine, children of `parent` named after `name`: it logs every event with execution data to
 * a KMS-encrypted log group (protected and retained when `protect`), traces with X-Ray, encrypts its definition
 * and history with a customer-managed key, and runs as a role trusted by Step Functions for this state machine
 * only. With a schedule, EventBridge Scheduler starts it, through a role that may start only it.
 */
export function governedStateMachine(name: string, i: GovernedStateMachineInputs, parent: pulumi.Resource): GovernedStateMachine {
    const { ctx, tags } = i;
    const opts = { parent };
    const smArn = stateMachineArn(ctx, i.stateMachineName);
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-executions`,
        {
            // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy for vended delivery small.
            name: `/aws/vendedlogs/states/${i.stateMachineName}`,
            kmsKeyId: i.logsKmsKeyArn,
            retentionInDays: i.logRetentionDays,
            tags,
        },
        dataOptions(parent, i.protect),
    );
    const role = new aws.iam.Role(
        `${name}-role`,
        { description: `Role of the ${i.stateMachineName} ${i.purpose} state machine`, assumeRolePolicy: toJson(statesTrustPolicy(ctx.account, smArn)), tags },
        opts,
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-role`,
        { role: role.name, policy: toJson(policyDocument(...i.statements, ...stateMachineOwnStatements(ctx, smArn, i.kmsKeyArn))) },
        opts,
    );
    const stateMachine = new aws.sfn.StateMachine(
        `${name}-state-machine`,
        {
            name: i.stateMachineName,
            type: "STANDARD",
            roleArn: role.arn,
            definition: i.definition,
            loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: pulumi.interpolate`${logGroup.arn}:*` },
            tracingConfiguration: { enabled: true },
            encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: i.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
            tags,
        },
        // Step Functions checks the role's logging and key permissions when the state machine is created.
        { parent, dependsOn: [policy] },
    );
    if (i.schedule === undefined) {
        return { stateMachine, role, logGroup };
    }
    const schedulerRole = new aws.iam.Role(
        `${name}-scheduler`,
        {
            description: `Lets EventBridge Scheduler start the ${i.stateMachineName} ${i.purpose}`,
            assumeRolePolicy: toJson(
                policyDocument({
                    Sid: "SchedulerAssumeFromThisAccount",
                    Effect: "Allow",
                    Principal: { Service: "scheduler.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ctx.account } },
                }),
            ),
            tags,
        },
        opts,
    );
    const schedulerPolicy = new aws.iam.RolePolicy(
        `${name}-scheduler`,
        {
            role: schedulerRole.name,
            policy: toJson(policyDocument({ Sid: "StartStateMachine", Effect: "Allow", Action: "states:StartExecution", Resource: stateMachine.arn })),
        },
        opts,
    );
    const schedule = new aws.scheduler.Schedule(
        `${name}-schedule`,
        {
            description: `Starts the ${i.stateMachineName} ${i.purpose}`,
            scheduleExpression: i.schedule.expression,
            scheduleExpressionTimezone: i.schedule.timezone ?? "UTC",
            state: (i.schedule.enabled ?? true) ? "ENABLED" : "DISABLED",
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: stateMachine.arn,
                roleArn: schedulerRole.arn,
                input: "{}",
                retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
            },
        },
        { parent, dependsOn: [schedulerPolicy] },
    );
    return { stateMachine, role, logGroup, schedule };
}

/**
 * The platform's stack configuration: read once, validated once, typed.
 *
 * Every key is declared in Pulumi.yaml (`config:`) with its type, default and
 * description. This module is the single place that reads them, so a bad
 * value stops the program with one message naming the key and the expected
 * form before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkCidr, LOG_RETENTION_DAYS, TuningStrategy, ValidationError } from "@ml-platform/components";

/** The environments a stack can be. */
export enum Environment {
    Dev = "dev",
    Staging = "staging",
    Prod = "prod",
}

/** The validated configuration of one stack. */
export interface PlatformConfig {
    environment: Environment;
    /** staging and prod hold regulated data (PHI, cardholder data); dev holds none. */
    regulated: boolean;
    region: string;
    accountId?: string;
    owner: string;
    costCenter: string;
    dataClassification: string;
    protectResources: boolean;
    kmsDeletionWindowDays: number;
    logRetentionDays: number;
    auditRetentionDays: number;
    network: {
        vpcCidr: string;
        availabilityZoneCount: number;
        endpointAvailabilityZoneCount: number;
    };
    lake: {
        lakeFormationAdmins: string[];
        restrictToVpcEndpoint: boolean;
    };
    audit: {
        trailManagedElsewhere: boolean;
        configManagedElsewhere: boolean;
    };
    training: {
        instanceType: string;
        instanceCount: number;
        useSpot: boolean;
        maxRuntimeSeconds: number;
        maxWaitSeconds: number;
        /** Hyperparameter tuning in place of the single training job; undefined when off. */
        tuning?: {
            strategy: TuningStrategy;
            maxJobs: number;
            maxParallelJobs: number;
        };
    };
    inference: {
        instanceType: string;
        minInstances: number;
        maxInstances: number;
        /** The model the endpoint serves; undefined means the bootstrap location in the analytics layer. */
        modelDataUrl?: string;
    };
    batchInference: {
        instanceType: string;
        instanceCount: number;
        scheduleExpression?: string;
    };
    workflow: {
        scheduleExpression?: string;
    };
}

/** Raw string values as Pulumi hands them over (arrays arrive as JSON). */
export type RawConfig = Record<string, string | undefined>;

const DATA_CLASSIFICATIONS = ["phi", "pci", "confidential", "internal"];
/** The strategies the platform's search space (numeric ranges) can use. */
const TUNING_STRATEGIES = [TuningStrategy.Bayesian, TuningStrategy.Random, TuningStrategy.Hyperband];
const IAM_ROLE_OR_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

class Reader {
    constructor(private readonly raw: RawConfig) {}

    string(key: string, fallback?: string): string {
        const value = this.raw[key];
        if (value === undefined || value === "") {
            if (fallback === undefined) {
                throw new ValidationError(`ml-platform:${key}`, "a value (the key is required; set it with `pulumi config set`)", undefined);
            }
            return fallback;
        }
        return value;
    }

    optionalString(key: string): string | undefined {
        const value = this.raw[key];
        return value === undefined || value === "" ? undefined : value;
    }

    oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
        const value = this.string(key, fallback);
        if (!allowed.includes(value as T)) {
            throw new ValidationError(`ml-platform:${key}`, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value);
        }
        return value as T;
    }

    integer(key: string, fallback: number, min: number, max: number, why = ""): number {
        const raw = this.raw[key];
        const value = raw === undefined || raw === "" ? fallback : Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) {
            throw new ValidationError(`ml-platform:${key}`, `an integer from ${min} to ${max}${why}`, raw ?? value);
        }
        return value;
    }

    boolean(key: string, fallback: boolean): boolean {
        const raw = this.raw[key];
        if (raw === undefined || raw === "") {
            return fallback;
        }
        if (raw !== "true" && raw !== "false") {
            throw new ValidationError(`ml-platform:${key}`, "true or false", raw);
        }
        return raw === "true";
    }

    s3ObjectUrl(key: string): string | undefined {
        const value = this.optionalString(key);
        if (value !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+[^/]$/.test(value)) {
            throw new ValidationError(`ml-platform:${key}`, 'an S3 object URL such as "s3://bucket/models/v3/model.tar.gz"', value);
        }
        return value;
    }

    stringList(key: string, pattern: RegExp, form: string): string[] {
        const raw = this.raw[key];
        const expected = `a non-empty list of ${form}`;
        if (raw === undefined || raw === "") {
            throw new ValidationError(`ml-platform:${key}`, `${expected} (the key is required)`, undefined);
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(raw);
        } catch {
            throw new ValidationError(`ml-platform:${key}`, expected, raw);
        }
        if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((v) => typeof v === "string" && pattern.test(v))) {
            throw new ValidationError(`ml-platform:${key}`, expected, parsed);
        }
        return parsed as string[];
    }
}

/**
 * Validates raw stack config and returns the typed platform config.
 *
 * @param raw project-namespace keys without the `ml-platform:` prefix, plus `aws:region` and
 *   `aws:allowedAccountIds` under their full names.
 */
export function parsePlatformConfig(raw: RawConfig): PlatformConfig {
    const r = new Reader(raw);
    const environment = r.oneOf("environment", Object.values(Environment));
    const regulated = environment !== Environment.Dev;
    const prod = environment === Environment.Prod;

    const region = raw["aws:region"];
    if (region === undefined || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
        throw new ValidationError("aws:region", 'an AWS region such as "us-east-1"', region);
    }
    let accountId: string | undefined;
    if (raw["aws:allowedAccountIds"] !== undefined) {
        let ids: unknown;
        try {
            ids = JSON.parse(raw["aws:allowedAccountIds"]);
        } catch {
            ids = raw["aws:allowedAccountIds"];
        }
        if (!Array.isArray(ids) || ids.length !== 1 || !/^\d{12}$/.test(String(ids[0]))) {
            throw new ValidationError("aws:allowedAccountIds", 'a list holding the one 12-digit account this stack deploys to, e.g. ["111122223333"]', ids);
        }
        accountId = String(ids[0]);
    }

    const vpcCidr = r.string("vpcCidr", "10.20.0.0/16");
    checkCidr("ml-platform:vpcCidr", vpcCidr, 16, 24);

    const minAzs = prod ? 3 : 2;
    const availabilityZoneCount = r.integer("availabilityZones", prod ? 3 : 2, minAzs, 6, prod ? " (prod spreads over at least 3 AZs)" : "");
    const endpointAvailabilityZoneCount = r.integer(
        "endpointAvailabilityZones",
        availabilityZoneCount,
        regulated ? minAzs : 1,
        availabilityZoneCount,
        regulated ? " (regulated stacks keep endpoints in every AZ they use)" : "",
    );

    const logRetentionDays = r.integer("logRetentionDays", 365, regulated ? 365 : 1, 3653, regulated ? " (regulated stacks keep logs at least 365 days)" : "");
    // The stack always expires logs, so "never expire" (0) is not offered here.
    const periods = LOG_RETENTION_DAYS.filter((d) => d > 0);
    if (!periods.includes(logRetentionDays)) {
        throw new ValidationError("ml-platform:logRetentionDays", `a CloudWatch Logs retention period: one of ${periods.join(", ")}`, logRetentionDays);
    }

    const trainingInstanceType = r.string("trainingInstanceType", "ml.trn1.2xlarge");
    const maxRuntimeSeconds = r.integer("trainingMaxRuntimeSeconds", 86400, 60, 2419200);
    const maxWaitSeconds = r.integer("trainingMaxWaitSeconds", maxRuntimeSeconds * 2, 60, 2419200);
    let tuning: PlatformConfig["training"]["tuning"];
    if (r.boolean("trainingTuning", false)) {
        const maxJobs = r.integer("trainingTuningMaxJobs", 10, 1, 500);
        tuning = {
            // Grid search takes only categorical ranges, and the platform's search space has numeric ones.
            strategy: r.oneOf("trainingTuningStrategy", TUNING_STRATEGIES, TuningStrategy.Bayesian),
            maxJobs,
            maxParallelJobs: r.integer(
                "trainingTuningMaxParallelJobs",
                Math.min(2, maxJobs),
                1,
                Math.min(100, maxJobs),
                ` (at most trainingTuningMaxJobs, ${maxJobs})`,
            ),
        };
    }
    const minInstances = r.integer(
        "inferenceMinInstances",
        prod ? 2 : 1,
        prod ? 2 : 1,
        100,
        prod ? " (prod keeps at least 2 instances behind its endpoint)" : "",
    );
    const maxInstances = r.integer(
        "inferenceMaxInstances",
        Math.max(minInstances, prod ? 4 : 2),
        minInstances,
        100,
        ` (at least inferenceMinInstances, ${minInstances})`,
    );

    return {
        environment,
        regulated,
        region,
        accountId,
        owner: r.string("owner"),
        costCenter: r.string("costCenter"),
        dataClassification: r.oneOf("dataClassification", DATA_CLASSIFICATIONS, regulated ? "phi" : "internal"),
        protectResources: r.boolean("protectResources", true),
        kmsDeletionWindowDays: r.integer("kmsDeletionWindowDays", 30, regulated ? 30 : 7, 30, regulated ? " (regulated stacks keep the 30-day window)" : ""),
        logRetentionDays,
        auditRetentionDays: r.integer(
            "auditRetentionDays",
            prod ? 2557 : 365,
            regulated ? 365 : 1,
            36500,
            regulated ? " (regulated stacks lock audit logs at least 365 days)" : "",
        ),
        network: { vpcCidr, availabilityZoneCount, endpointAvailabilityZoneCount },
        lake: {
            lakeFormationAdmins: r.stringList(
                "lakeFormationAdmins",
                IAM_ROLE_OR_USER_ARN,
                'IAM role or user ARNs ("arn:aws:iam::111122223333:role/data-lake-admin")',
            ),
            restrictToVpcEndpoint: r.boolean("restrictLakeToVpcEndpoint", regulated),
        },
        audit: {
            trailManagedElsewhere: r.boolean("trailManagedElsewhere", false),
            configManagedElsewhere: r.boolean("configManagedElsewhere", false),
        },
        training: {
            instanceType: trainingInstanceType,
            instanceCount: r.integer("trainingInstanceCount", 1, 1, 64),
            useSpot: r.boolean("trainingUseSpot", true),
            maxRuntimeSeconds,
            maxWaitSeconds,
            tuning,
        },
        inference: {
            instanceType: r.string("inferenceInstanceType", "ml.inf2.xlarge"),
            minInstances,
            maxInstances,
            modelDataUrl: r.s3ObjectUrl("inferenceModelDataUrl"),
        },
        batchInference: {
            instanceType: r.string("batchInstanceType", "ml.inf2.xlarge"),
            instanceCount: r.integer("batchInstanceCount", 1, 1, 100),
            scheduleExpression: r.optionalString("batchSchedule"),
        },
        workflow: { scheduleExpression: r.optionalString("workflowSchedule") },
    };
}

/** The keys this module reads, in the project namespace. */
export const CONFIG_KEYS = [
    "environment",
    "owner",
    "costCenter",
    "dataClassification",
    "protectResources",
    "kmsDeletionWindowDays",
    "logRetentionDays",
    "auditRetentionDays",
    "vpcCidr",
    "availabilityZones",
    "endpointAvailabilityZones",
    "lakeFormationAdmins",
    "restrictLakeToVpcEndpoint",
    "trailManagedElsewhere",
    "configManagedElsewhere",
    "trainingInstanceType",
    "trainingInstanceCount",
    "trainingUseSpot",
    "trainingMaxRuntimeSeconds",
    "trainingMaxWaitSeconds",
    "trainingTuning",
    "trainingTuningStrategy",
    "trainingTuningMaxJobs",
    "trainingTuningMaxParallelJobs",
    "inferenceInstanceType",
    "inferenceMinInstances",
    "inferenceMaxInstances",
    "inferenceModelDataUrl",
    "batchInstanceType",
    "batchInstanceCount",
    "batchSchedule",
    "workflowSchedule",
] as const;

/** Reads the stack's config through Pulumi and validates it. */
export function loadPlatformConfig(): PlatformConfig {
    const project = new pulumi.Config();
    const awsConfig = new pulumi.Config("aws");
    const raw: RawConfig = {};
    for (const key of CONFIG_KEYS) {
        raw[key] = project.get(key);
    }
    raw["aws:region"] = awsConfig.get("region");
    raw["aws:allowedAccountIds"] = awsConfig.get("allowedAccountIds");
    return parsePlatformConfig(raw);
}

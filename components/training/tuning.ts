/**
 * Automatic model tuning for {@link TrainingPipeline}: the arguments of its `Tuning` step, their validation and
 * the `HyperParameterTuningJobConfig` they become. The training jobs the tuning job launches are built by the
 * pipeline from the same settings as its single training job, so they keep every guard-rail.
 */
import { checkInteger, checkOneOf, ValidationError } from "../lib";
import { NumericParameterRange, TuningJobArguments, TuningJobConfig } from "./pipelineDefinition";

/** How the tuning job picks the next hyperparameter values. */
export enum TuningStrategy {
    /** Fits a model of the objective to the finished jobs and tries where it expects an improvement. */
    Bayesian = "Bayesian",
    /** Independent random draws from the ranges; parallelises without losing anything. */
    Random = "Random",
    /** Starts many jobs and stops the weak ones early, by its own schedule (needs metrics emitted per epoch). */
    Hyperband = "Hyperband",
    /** Every combination of the categorical values, once; only categorical ranges. */
    Grid = "Grid",
}

/** Whether the objective metric is better larger or smaller. */
export enum TuningObjectiveType {
    /** Larger is better (accuracy, AUC). */
    Maximize = "Maximize",
    /** Smaller is better (loss, error rate). */
    Minimize = "Minimize",
}

/** How a numeric range is searched. */
export enum ParameterScaling {
    /** SageMaker chooses. */
    Auto = "Auto",
    /** Evenly over the range. */
    Linear = "Linear",
    /** For ranges spanning orders of magnitude (learning rates); every value above 0. */
    Logarithmic = "Logarithmic",
    /** For values close to 1 (momentum); continuous ranges only, from 0 up to below 1. */
    ReverseLogarithmic = "ReverseLogarithmic",
}

/** Whether SageMaker stops training jobs that are unlikely to beat the best one so far. */
export enum TuningEarlyStopping {
    /** Every training job runs to the end. */
    Off = "Off",
    /** SageMaker stops a job whose objective so far trails the median of the finished jobs at the same point. */
    Auto = "Auto",
}

/** What a warm-started tuning job shares with its parents. */
export enum TuningWarmStartType {
    /** Same data and training image; only the ranges and limits change. */
    IdenticalDataAndAlgorithm = "IdenticalDataAndAlgorithm",
    /** Different data or image; the parents' results are a prior, not ground truth. */
    TransferLearning = "TransferLearning",
}

/** A metric SageMaker reads from the training job's logs. */
export interface TrainingMetricDefinition {
    /** Metric name (1 to 255 characters), as the tuning objective and the console show it. */
    name: string;
    /** Regular expression over the job's log lines whose first capture group is the value, e.g. `"val_loss=([0-9.]+)"`. */
    regex: string;
}

/** A range of real values. */
export interface ContinuousParameterRange {
    /** Hyperparameter name, as the training script reads it. */
    name: string;
    /** Smallest value tried. */
    minValue: number;
    /** Largest value tried; greater than `minValue`. */
    maxValue: number;
    /**
     * How the range is searched.
     * @default ParameterScaling.Auto
     */
    scaling?: ParameterScaling;
}

/** A range of whole numbers. */
export interface IntegerParameterRange {
    /** Hyperparameter name, as the training script reads it. */
    name: string;
    /** Smallest value tried (an integer). */
    minValue: number;
    /** Largest value tried (an integer greater than `minValue`). */
    maxValue: number;
    /**
     * How the range is searched; `ReverseLogarithmic` is for continuous ranges only.
     * @default ParameterScaling.Auto
     */
    scaling?: ParameterScaling;
}

/** A list of values, tried as given. */
export interface CategoricalParameterRange {
    /** Hyperparameter name, as the training script reads it. */
    name: string;
    /** The values (1 to 30, distinct). */
    values: string[];
}

/** The metric the tuning job optimises. */
export interface TuningObjective {
    /** Name of one of the pipeline's `metricDefinitions`: the tuning job can only read metrics those define. */
    metricName: string;
    /**
     * Whether larger or smaller is better.
     * @default TuningObjectiveType.Maximize
     */
    type?: TuningObjectiveType;
}

/** Tuning jobs whose results seed this one. */
export interface TuningWarmStart {
    /** Names of 1 to 5 finished tuning jobs (1 to 32 letters, digits and hyphens). */
    parentTuningJobNames: string[];
    /**
     * What the new jobs share with the parents.
     * @default TuningWarmStartType.IdenticalDataAndAlgorithm
     */
    type?: TuningWarmStartType;
}

/** Hyperparameter tuning mode of {@link TrainingPipeline}: a `Tuning` step in place of the `Training` step. */
export interface HyperparameterTuningArgs {
    /**
     * Search strategy.
     * @default TuningStrategy.Bayesian
     */
    strategy?: TuningStrategy;
    /** The metric to optimise. */
    objective: TuningObjective;
    /**
     * Real-valued ranges.
     * @default []
     */
    continuousParameters?: ContinuousParameterRange[];
    /**
     * Integer ranges.
     * @default []
     */
    integerParameters?: IntegerParameterRange[];
    /**
     * Categorical ranges. Grid search takes only these.
     * @default []
     */
    categoricalParameters?: CategoricalParameterRange[];
    /**
     * Training jobs the tuning job may launch in total (1 to 500), which bounds its cost. Grid search runs every
     * combination of the categorical values instead; given with Grid, it must equal that number.
     * @default 10 (Grid: the number of combinations)
     */
    maxNumberOfTrainingJobs?: number;
    /**
     * Training jobs running at once (1 to 100, at most `maxNumberOfTrainingJobs`). Bayesian search learns from
     * finished jobs, so fewer at once find better values in the same number of jobs.
     * @default 2 (at most the number of jobs)
     */
    maxParallelTrainingJobs?: number;
    /**
     * Stop training jobs that are unlikely to beat the best so far. SageMaker allows `Auto` only with the
     * Bayesian and Random strategies: Hyperband stops jobs by its own schedule, and Grid runs every combination.
     * @default TuningEarlyStopping.Auto with Bayesian and Random, Off with Hyperband and Grid
     */
    earlyStopping?: TuningEarlyStopping;
    /**
     * Seed the search with the results of earlier tuning jobs.
     * @default no warm start
     */
    warmStart?: TuningWarmStart;
}

const T = "TrainingPipeline.tuning";
const PARAMETER_NAME = /^[A-Za-z_][\w.-]{0,255}$/;
const TUNING_JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;
const MAX_JOBS = 500;
const MAX_PARALLEL = 100;
const MAX_CATEGORICAL_VALUES = 30;
const MAX_METRIC_DEFINITIONS = 40;
const EARLY_STOPPING_STRATEGIES: readonly TuningStrategy[] = [TuningStrategy.Bayesian, TuningStrategy.Random];

/** Checks the pipeline's metric definitions (used in both modes). */
export function validateMetricDefinitions(field: string, definitions: TrainingMetricDefinition[] | undefined): void {
    const list = definitions ?? [];
    if (list.length > MAX_METRIC_DEFINITIONS) {
        throw new ValidationError(field, `at most ${MAX_METRIC_DEFINITIONS} metric definitions`, list.length);
    }
    const seen = new Set<string>();
    list.forEach((d, i) => {
        if (typeof d.name !== "string" || d.name.length < 1 || d.name.length > 255 || seen.has(d.name)) {
            throw new ValidationError(`${field}[${i}].name`, "a metric name of 1 to 255 characters, distinct from the others", d.name);
        }
        seen.add(d.name);
        if (typeof d.regex !== "string" || d.regex.length < 1 || d.regex.length > 500 || !d.regex.includes("(")) {
            throw new ValidationError(
                `${field}[${i}].regex`,
                'a regular expression of 1 to 500 characters whose first capture group is the value, e.g. "val_loss=([0-9.]+)"',
                d.regex,
            );
        }
    });
}

/** The number of jobs a Grid search runs: one per combination of the categorical values. */
function gridCombinations(t: HyperparameterTuningArgs): number {
    return (t.categoricalParameters ?? []).reduce((n, p) => n * p.values.length, 1);
}

function checkNumericRange(field: string, r: ContinuousParameterRange | IntegerParameterRange, integer: boolean): void {
    const form = integer ? "an integer" : "a finite number";
    const ok = (v: unknown) => typeof v === "number" && (integer ? Number.isInteger(v) : Number.isFinite(v));
    if (!ok(r.minValue)) {
        throw new ValidationError(`${field}.minValue`, form, r.minValue);
    }
    if (!ok(r.maxValue)) {
        throw new ValidationError(`${field}.maxValue`, form, r.maxValue);
    }
    if (r.minValue >= r.maxValue) {
        throw new ValidationError(`${field}.minValue`, `less than maxValue (${r.maxValue}); a fixed value belongs in hyperparameters`, r.minValue);
    }
    const allowed = integer ? [ParameterScaling.Auto, ParameterScaling.Linear, ParameterScaling.Logarithmic] : Object.values(ParameterScaling);
    checkOneOf(`${field}.scaling`, r.scaling, allowed);
    if (r.scaling === ParameterScaling.Logarithmic && r.minValue <= 0) {
        throw new ValidationError(`${field}.minValue`, "greater than 0 with Logarithmic scaling", r.minValue);
    }
    if (r.scaling === ParameterScaling.ReverseLogarithmic && (r.minValue < 0 || r.maxValue >= 1)) {
        throw new ValidationError(field, "a range within [0, 1) with ReverseLogarithmic scaling", `${r.minValue} to ${r.maxValue}`);
    }
}

/**
 * Checks the tuning arguments against the pipeline's metric definitions and static hyperparameters, before any
 * resource is created.
 */
export function validateTuningArgs(
    t: HyperparameterTuningArgs,
    metricDefinitions: TrainingMetricDefinition[] | undefined,
    hyperparameters: { [key: string]: string } | undefined,
): void {
    checkOneOf(`${T}.strategy`, t.strategy, Object.values(TuningStrategy));
    const strategy = t.strategy ?? TuningStrategy.Bayesian;

    const defined = (metricDefinitions ?? []).map((d) => d.name);
    if (t.objective === undefined || !defined.includes(t.objective.metricName)) {
        throw new ValidationError(
            `${T}.objective.metricName`,
            defined.length > 0
                ? `the name of one of metricDefinitions (${defined.join(", ")}): the tuning job reads the objective with its regex`
                : "the name of a metric in metricDefinitions, which is empty: define the objective metric and its regex there",
            t.objective?.metricName,
        );
    }
    checkOneOf(`${T}.objective.type`, t.objective.type, Object.values(TuningObjectiveType));

    const names = new Set<string>();
    const checkName = (field: string, name: unknown) => {
        if (typeof name !== "string" || !PARAMETER_NAME.test(name) || name.startsWith("sagemaker_")) {
            throw new ValidationError(field, 'a hyperparameter name (letters, digits, "_", ".", "-"), not starting with "sagemaker_"', name);
        }
        if (names.has(name)) {
            throw new ValidationError(field, "a name no other range uses", name);
        }
        if (hyperparameters !== undefined && name in hyperparameters) {
            throw new ValidationError(field, "a name not also in hyperparameters: a hyperparameter is either fixed or tuned", name);
        }
        names.add(name);
    };
    (t.continuousParameters ?? []).forEach((r, i) => {
        checkName(`${T}.continuousParameters[${i}].name`, r.name);
        checkNumericRange(`${T}.continuousParameters[${i}]`, r, false);
    });
    (t.integerParameters ?? []).forEach((r, i) => {
        checkName(`${T}.integerParameters[${i}].name`, r.name);
        checkNumericRange(`${T}.integerParameters[${i}]`, r, true);
    });
    (t.categoricalParameters ?? []).forEach((r, i) => {
        checkName(`${T}.categoricalParameters[${i}].name`, r.name);
        const values = r.values ?? [];
        if (
            values.length === 0 ||
            values.length > MAX_CATEGORICAL_VALUES ||
            new Set(values).size !== values.length ||
            !values.every((v) => typeof v === "string" && v !== "")
        ) {
            throw new ValidationError(`${T}.categoricalParameters[${i}].values`, `1 to ${MAX_CATEGORICAL_VALUES} distinct, non-empty strings`, r.values);
        }
    });
    if (names.size === 0) {
        throw new ValidationError(`${T}.continuousParameters`, "at least one range in continuousParameters, integerParameters or categoricalParameters", []);
    }

    checkInteger(`${T}.maxNumberOfTrainingJobs`, t.maxNumberOfTrainingJobs, 1, MAX_JOBS);
    checkInteger(`${T}.maxParallelTrainingJobs`, t.maxParallelTrainingJobs, 1, MAX_PARALLEL);
    if (strategy === TuningStrategy.Grid) {
        if ((t.continuousParameters ?? []).length > 0 || (t.integerParameters ?? []).length > 0) {
            throw new ValidationError(
                `${T}.strategy`,
                "Bayesian, Random or Hyperband with continuous or integer ranges; Grid search takes only categorical ranges",
                strategy,
            );
        }
        const combinations = gridCombinations(t);
        if (t.maxNumberOfTrainingJobs !== undefined && t.maxNumberOfTrainingJobs !== combinations) {
            throw new ValidationError(
                `${T}.maxNumberOfTrainingJobs`,
                `${combinations} (the number of combinations Grid search runs), or left out`,
                t.maxNumberOfTrainingJobs,
            );
        }
        if (combinations > MAX_JOBS) {
            throw new ValidationError(`${T}.categoricalParameters`, `at most ${MAX_JOBS} combinations for Grid search`, combinations);
        }
    }
    const maxJobs = resolvedMaxJobs(t);
    if (t.maxParallelTrainingJobs !== undefined && t.maxParallelTrainingJobs > maxJobs) {
        throw new ValidationError(`${T}.maxParallelTrainingJobs`, `at most the number of training jobs (${maxJobs})`, t.maxParallelTrainingJobs);
    }

    checkOneOf(`${T}.earlyStopping`, t.earlyStopping, Object.values(TuningEarlyStopping));
    if (t.earlyStopping === TuningEarlyStopping.Auto && !EARLY_STOPPING_STRATEGIES.includes(strategy)) {
        throw new ValidationError(
            `${T}.earlyStopping`,
            `TuningEarlyStopping.Off with the ${strategy} strategy; SageMaker allows Auto only with ${EARLY_STOPPING_STRATEGIES.join(" and ")}`,
            t.earlyStopping,
        );
    }

    if (t.warmStart !== undefined) {
        const parents = t.warmStart.parentTuningJobNames ?? [];
        if (parents.length < 1 || parents.length > 5) {
            throw new ValidationError(`${T}.warmStart.parentTuningJobNames`, "1 to 5 tuning job names", parents);
        }
        parents.forEach((p, i) => {
            if (typeof p !== "string" || !TUNING_JOB_NAME.test(p)) {
                throw new ValidationError(
                    `${T}.warmStart.parentTuningJobNames[${i}]`,
                    "a tuning job name: 1 to 32 letters, digits and hyphens, not starting or ending with a hyphen",
                    p,
                );
            }
        });
        checkOneOf(`${T}.warmStart.type`, t.warmStart.type, Object.values(TuningWarmStartType));
    }
}

function resolvedMaxJobs(t: HyperparameterTuningArgs): number {
    return (t.strategy ?? TuningStrategy.Bayesian) === TuningStrategy.Grid ? gridCombinations(t) : (t.maxNumberOfTrainingJobs ?? 10);
}

/** `HyperParameterTuningJobConfig` and `WarmStartConfig` of validated arguments, defaults applied. */
export function tuningJobConfig(t: HyperparameterTuningArgs): Pick<TuningJobArguments, "HyperParameterTuningJobConfig" | "WarmStartConfig"> {
    const strategy = t.strategy ?? TuningStrategy.Bayesian;
    const maxJobs = resolvedMaxJobs(t);
    const numeric = (r: ContinuousParameterRange | IntegerParameterRange): NumericParameterRange => ({
        Name: r.name,
        MinValue: String(r.minValue),
        MaxValue: String(r.maxValue),
        ScalingType: r.scaling ?? ParameterScaling.Auto,
    });
    const config: TuningJobConfig = {
        Strategy: strategy,
        HyperParameterTuningJobObjective: { Type: t.objective.type ?? TuningObjectiveType.Maximize, MetricName: t.objective.metricName },
        ResourceLimits: {
            ...(strategy === TuningStrategy.Grid ? {} : { MaxNumberOfTrainingJobs: maxJobs }),
            MaxParallelTrainingJobs: t.maxParallelTrainingJobs ?? Math.min(2, maxJobs),
        },
        ParameterRanges: {
            ContinuousParameterRanges: (t.continuousParameters ?? []).map(numeric),
            IntegerParameterRanges: (t.integerParameters ?? []).map(numeric),
            CategoricalParameterRanges: (t.categoricalParameters ?? []).map((r) => ({ Name: r.name, Values: [...r.values] })),
        },
        TrainingJobEarlyStoppingType: t.earlyStopping ?? (EARLY_STOPPING_STRATEGIES.includes(strategy) ? TuningEarlyStopping.Auto : TuningEarlyStopping.Off),
    };
    return {
        HyperParameterTuningJobConfig: config,
        ...(t.warmStart === undefined
            ? {}
            : {
                  WarmStartConfig: {
                      ParentHyperParameterTuningJobs: t.warmStart.parentTuningJobNames.map((n) => ({ HyperParameterTuningJobName: n })),
                      WarmStartType: t.warmStart.type ?? TuningWarmStartType.IdenticalDataAndAlgorithm,
                  },
              }),
    };
}

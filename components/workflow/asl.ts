/**
 * Typed Amazon States Language, JSONata flavour.
 *
 * The workflow's definition is built from these objects and serialised once, so a misspelt field is a compile
 * error, not a `CreateStateMachine` failure. JSONata (`QueryLanguage: "JSONata"`) replaces the five JSONPath
 * fields with `Arguments` and `Output`, and workflow variables (`Assign`) carry values between states; its
 * functions (`$merge`, `$sift`, `$map`) let a state reshape an API response, which the workflow needs to derive
 * a new endpoint configuration from the live one.
 */

/** A JSONata expression, `{% ... %}`. */
export type JsonataExpression = `{% ${string} %}`;

/** Wraps a JSONata expression. */
export function jsonata(expression: string): JsonataExpression {
    return `{% ${expression} %}`;
}

/** A JSON value whose strings may be JSONata expressions. */
export type AslValue = string | number | boolean | null | AslValue[] | { [key: string]: AslValue };

export interface Retrier {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
    ErrorEquals: string[];
    Next: string;
    Output?: AslValue;
    Assign?: { [variable: string]: AslValue };
}

interface StateBase {
    Comment?: string;
}

interface Transition {
    Next?: string;
    End?: true;
}

export interface TaskState extends StateBase, Transition {
    Type: "Task";
    Resource: string;
    Arguments?: { [key: string]: AslValue } | JsonataExpression;
    Output?: AslValue;
    Assign?: { [variable: string]: AslValue };
    Retry?: Retrier[];
    Catch?: Catcher[];
    TimeoutSeconds?: number;
}

export interface ChoiceRule {
    Condition: JsonataExpression;
    Next: string;
}

export interface ChoiceState extends StateBase {
    Type: "Choice";
    Choices: ChoiceRule[];
    Default?: string;
    Assign?: { [variable: string]: AslValue };
}

export interface WaitState extends StateBase, Transition {
    Type: "Wait";
    Seconds: number | JsonataExpression;
}

export interface SucceedState extends StateBase {
    Type: "Succeed";
    Output?: AslValue;
}

export interface FailState extends StateBase {
    Type: "Fail";
    /** A literal, or a JSONata expression (`{% … %}`). */
    Error: string;
    /** A literal, or a JSONata expression (`{% … %}`). */
    Cause: string;
}

export type State = TaskState | ChoiceState | WaitState | SucceedState | FailState;

/** A whole state machine definition. */
export interface StateMachineDefinition {
    Comment?: string;
    QueryLanguage: "JSONata";
    StartAt: string;
    TimeoutSeconds?: number;
    States: { [name: string]: State };
}

/** `arn:<partition>:states:::aws-sdk:<service>:<action>`: any AWS API call through the SDK integration. */
export function sdkIntegration(partition: string, service: string, action: string): string {
    return `arn:${partition}:states:::aws-sdk:${service}:${action}`;
}

/** `arn:<partition>:states:::<service>:<action>`: an optimized integration (`.sync` waits for the job). */
export function optimizedIntegration(partition: string, service: string, action: string): string {
    return `arn:${partition}:states:::${service}:${action}`;
}

/** Serialises a definition for `aws.sfn.StateMachine.definition`. */
export function serializeStateMachine(definition: StateMachineDefinition): string {
    return JSON.stringify(definition);
}

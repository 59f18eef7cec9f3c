/**
 * Which @pulumi/aws resource types take a `tags` map.
 *
 * The list is generated from the installed provider's declarations by
 * `policies/scripts/generate-taggable-types.ts` and committed; a test fails
 * when it no longer matches the installed @pulumi/aws.
 */
import generated from "./taggable-resource-types.json";

/** The @pulumi/aws version the list was generated from. */
export const TAGGABLE_AWS_VERSION: string = generated.awsVersion;

/** Type tokens of resources whose Args accept `tags`. */
export const TAGGABLE_RESOURCE_TYPES: ReadonlySet<string> = new Set(generated.types);

/** True when `type` accepts a `tags` map. */
export function isTaggableType(type: string): boolean {
    return TAGGABLE_RESOURCE_TYPES.has(type);
}

import * as pulumi from "@pulumi/pulumi";

/**
 * Resource options for children that hold data, keys or audit records.
 *
 * With `protect` on, `pulumi destroy` and replacements stop instead of
 * deleting them; with `retainOnDelete`, removing them from the program leaves
 * the cloud resource in place.
 */
export function dataOptions(parent: pulumi.Resource, protect: boolean, extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return { ...extra, parent, protect, retainOnDelete: protect };
}

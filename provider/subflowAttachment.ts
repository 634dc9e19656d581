// The Pulumi resource users declare: one call of a shared flow from one parent flow, keyed by trigger ID.
// It only shapes inputs and outputs, both derived from the one input schema; every operation runs in the
// provider (providerShell.ts).

import * as pulumi from "@pulumi/pulumi";
import { DeclaredAttachmentInputs } from "./attachmentInputs";
import { AttachmentOutputs, OUTPUT_NAMES } from "./attachmentOutputs";
import { RESOURCE_MODULE, RESOURCE_TYPE_NAME } from "./identifiers";
import { subflowAttachmentProvider } from "./providerShell";

/** Each input as a Pulumi input (a value, a promise or another resource's output), map values each too. */
export type SubflowAttachmentArgs = {
  [K in keyof DeclaredAttachmentInputs]: NonNullable<DeclaredAttachmentInputs[K]> extends Record<string, string>
    ? pulumi.Input<Record<string, pulumi.Input<string>>>
    : pulumi.Input<NonNullable<DeclaredAttachmentInputs[K]>>;
};

/** Every output as a Pulumi output; the ones that are optional inputs may be undefined. */
type SubflowAttachmentOutputs = { readonly [K in keyof AttachmentOutputs]-?: pulumi.Output<AttachmentOutputs[K]> };

// The outputs are declared by merging this interface into the class, so they follow the one output list.
export interface SubflowAttachment extends SubflowAttachmentOutputs {}

export class SubflowAttachment extends pulumi.dynamic.Resource {
  constructor(name: string, args: SubflowAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named with an undefined value, so Pulumi exposes it on the resource.
    const outputs = Object.fromEntries(OUTPUT_NAMES.map((output) => [output, undefined]));
    // The stack's identity is known here, in the program: the provider host is not told the stack's name.
    const managedBy = args.managedBy ?? `${pulumi.getProject()}/${pulumi.getStack()}`;
    super(subflowAttachmentProvider, name, { ...outputs, ...args, managedBy }, opts, RESOURCE_MODULE, RESOURCE_TYPE_NAME);
  }
}

// The Pulumi resource users declare: one call of a shared flow from one parent flow, keyed by trigger ID.
// It only shapes inputs and outputs; every operation runs in the provider (providerShell.ts).

import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_MODULE, RESOURCE_TYPE_NAME } from "./identifiers";
import { subflowAttachmentProvider } from "./providerShell";

export interface SubflowAttachmentArgs {
  /** The parent (inbound call) flow, by ID. Give this or `parentFlowName`, not both. */
  parentFlowId?: pulumi.Input<string>;
  /** The parent flow, by its exact name, resolved in the stack's org. Give this or `parentFlowId`. */
  parentFlowName?: pulumi.Input<string>;
  /** The shared flow to call, by ID. Give this or `sharedFlowName`, not both. */
  sharedFlowId?: pulumi.Input<string>;
  /** The shared flow to call, by its exact name, resolved in the stack's org. */
  sharedFlowName?: pulumi.Input<string>;
  /** ID of the `callsubflow` trigger in the parent flow; unique within that flow. Changing it replaces. */
  triggerId: pulumi.Input<string>;
  /** Shared-flow input name -> literal value or `${parentVariable}` expression. */
  arguments?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Parent variable name -> shared-flow output name. */
  returnVariables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Node the call is placed after: `start` (default) or another trigger's ID. */
  after?: pulumi.Input<string>;
  /** Publish the parent flow after each write (default false: the change stays a saved draft). */
  publish?: pulumi.Input<boolean>;
}

export class SubflowAttachment extends pulumi.dynamic.Resource {
  /** Resolved ID of the parent flow in this stack's org. */
  declare public readonly parentFlowId: pulumi.Output<string>;
  /** Name of the parent flow as the org reports it. */
  declare public readonly parentFlowName: pulumi.Output<string>;
  /** Resolved ID of the shared flow in this stack's org. */
  declare public readonly sharedFlowId: pulumi.Output<string>;
  /** Name of the shared flow as the org reports it. */
  declare public readonly sharedFlowName: pulumi.Output<string>;
  declare public readonly triggerId: pulumi.Output<string>;
  declare public readonly arguments: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly returnVariables: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly after: pulumi.Output<string>;
  declare public readonly publish: pulumi.Output<boolean>;
  /** The parent flow's version this stack wrote, or read when an identical trigger was adopted. */
  declare public readonly version: pulumi.Output<number>;

  constructor(name: string, args: SubflowAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      subflowAttachmentProvider,
      name,
      {
        parentFlowId: undefined,
        parentFlowName: undefined,
        sharedFlowId: undefined,
        sharedFlowName: undefined,
        arguments: undefined,
        returnVariables: undefined,
        after: undefined,
        publish: undefined,
        version: undefined,
        ...args,
      },
      opts,
      RESOURCE_MODULE,
      RESOURCE_TYPE_NAME,
    );
  }
}

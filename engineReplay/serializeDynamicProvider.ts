// The `__provider` text a `pulumi.dynamic.Resource` stores in its inputs and in state, so the replay can
// feed the host exactly what a Pulumi program would send.
import * as pulumi from "@pulumi/pulumi";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/**
 * `@pulumi/pulumi/dynamic` does not export its `serializeProvider`; it calls
 * `runtime/closure/serializeClosure`'s `serializeFunction(() => provider, { allowSecrets: true })` and keeps
 * `.text`. `pulumi.runtime.serializeFunction` is that same function, so this is the same call, verbatim.
 */
export async function serializeDynamicProvider(provider: ResourceProvider): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return serialized.text;
}

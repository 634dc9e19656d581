// Protects the claim that serializeDynamicProvider yields exactly the `__provider` text a
// `pulumi.dynamic.Resource` registers, so what the harness sends the host is what a real program sends.
import * as pulumi from "@pulumi/pulumi";
import { serializeDynamicProvider } from "../../engineReplay/serializeDynamicProvider";
import { PROVIDER_KEY } from "../../provider/identifiers";
import { makeFileBackedProvider } from "./fixtures/fileBackedProvider";

/** dynamic.Resource is abstract in its typings; programs subclass it, as SubflowAttachment does. */
class FixtureResource extends pulumi.dynamic.Resource {}

describe("serializeDynamicProvider", () => {
  it("matches the __provider input that pulumi.dynamic.Resource registers", async () => {
    const registered: Record<string, unknown>[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.inputs);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "harness",
      "test",
      false,
    );
    const provider = makeFileBackedProvider("v1");
    const resource = new FixtureResource(provider, "one", { key: "k" });
    await new Promise<void>((resolve) => resource.id.apply(() => resolve()));

    expect(registered).toHaveLength(1);
    const text = await serializeDynamicProvider(provider);
    expect(registered[0][PROVIDER_KEY]).toBe(text);
    expect(text).toContain('build: "v1"');
  });
});

// The seed file format (`--seed FILE`, `seed` option): the orgs, their OAuth clients and their flows
// the emulator starts with when it has no data file to load. Documented in the README.

import { z } from "zod";
import { describeIssues, flowWritableFieldsSchema } from "../flowDocumentSchema";
import { FLOW_FORMATS } from "../persistence/emulatorState";

const seedFlowSchema = flowWritableFieldsSchema.extend({
  /** Fixed ID, so `callsubflow` triggers in the seed can name the flow; generated when absent. */
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1, "a seed flow needs a name"),
  type: z.string().regex(/^[a-z]+$/, "a seed flow needs a lower-case type such as inboundcall or commonmodule"),
  /** Architect orgs: the flow's Archy YAML; a flow without it gets a minimal one for its type. */
  yaml: z.string().min(1, "yaml must be the flow's Archy YAML text").optional(),
});

const seedClientSchema = z.strictObject({
  clientId: z.string().min(1, "clientId must be a non-empty string"),
  clientSecret: z.string().min(1, "clientSecret must be a non-empty string"),
});

const seedOrgSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, "an org id is letters, digits, '.', '_' or '-'"),
  name: z.string().min(1).optional(),
  clients: z.array(seedClientSchema).min(1, "an org needs at least one client"),
  /** How the org keeps its flows; default: the `flowFormat` option (itself `graph` by default). */
  flowFormat: z.enum(FLOW_FORMATS).optional(),
  flows: z.array(seedFlowSchema).default([]),
});

export const emulatorSeedSchema = z.strictObject({
  orgs: z.array(seedOrgSchema).min(1, "a seed needs at least one org"),
});

export type EmulatorSeed = z.input<typeof emulatorSeedSchema>;
export type ParsedSeed = z.output<typeof emulatorSeedSchema>;

/** Checks the shape of a seed (parsed JSON); throws one readable error naming every problem. */
export function parseSeed(value: unknown, source = "seed"): ParsedSeed {
  const result = emulatorSeedSchema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid ${source}: ${describeIssues(result.error)}`);
  }
  return result.data;
}

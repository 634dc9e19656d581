// Turns a seed into the emulator's initial state: IDs generated where the seed gives none, secrets
// hashed, and every flow checked against the graph rules so the emulator never starts invalid.

import { Flow } from "../../wire/flowDocument";
import { sha256Hex } from "../authentication/hashing";
import { EmulatorState, OrgRecord, STATE_FORMAT_VERSION } from "../persistence/emulatorState";
import { RandomSource } from "../random";
import { buildFlow } from "../handlers/flowRecords";
import { flowGraphProblems, orgFlowsOf } from "../rules/flowGraphRules";
import { EmulatorSeed, parseSeed } from "./seedFormat";

export function stateFromSeed(seed: EmulatorSeed, random: RandomSource, source = "seed"): EmulatorState {
  const parsed = parseSeed(seed, source);
  const problems: string[] = [];
  const seenOrgIds = new Set<string>();
  const seenClientIds = new Set<string>();
  const orgs: OrgRecord[] = parsed.orgs.map((seedOrg) => {
    if (seenOrgIds.has(seedOrg.id)) problems.push(`org id '${seedOrg.id}' appears twice`);
    seenOrgIds.add(seedOrg.id);
    for (const client of seedOrg.clients) {
      if (seenClientIds.has(client.clientId)) problems.push(`clientId '${client.clientId}' appears twice`);
      seenClientIds.add(client.clientId);
    }
    const division = { id: random.uuid(), name: "Home" };
    const flows: Flow[] = seedOrg.flows.map(({ id, ...fields }) =>
      buildFlow({ id: id ?? random.uuid(), version: 1, division, fields: { ...fields, name: fields.name, type: fields.type } }),
    );
    const ids = new Set<string>();
    const namesByType = new Set<string>();
    for (const flow of flows) {
      if (ids.has(flow.id)) problems.push(`org '${seedOrg.id}': flow id '${flow.id}' appears twice`);
      ids.add(flow.id);
      const nameKey = `${flow.type}\u0000${flow.name.toLowerCase()}`;
      if (namesByType.has(nameKey)) problems.push(`org '${seedOrg.id}': two ${flow.type} flows are named '${flow.name}'`);
      namesByType.add(nameKey);
    }
    const seededFlows = orgFlowsOf(flows);
    for (const flow of flows) {
      for (const problem of flowGraphProblems(flow, seededFlows)) {
        problems.push(`org '${seedOrg.id}', flow '${flow.name}': ${problem.rule}: ${problem.message}`);
      }
    }
    return {
      id: seedOrg.id,
      name: seedOrg.name ?? seedOrg.id,
      division,
      clients: seedOrg.clients.map((client) => ({ clientId: client.clientId, secretSha256: sha256Hex(client.clientSecret) })),
      flows: flows.map((flow) => ({ flow, deleted: false })),
    };
  });
  if (problems.length > 0) {
    throw new Error(`Invalid ${source}: ${problems.join("; ")}`);
  }
  return { formatVersion: STATE_FORMAT_VERSION, orgs, tokens: [] };
}

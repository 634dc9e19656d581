// Turns a seed into the emulator's initial state: IDs generated where the seed gives none, secrets
// hashed, and every flow checked against the service's rules (the graph rules, or for Architect orgs the
// Archy import rules) so the emulator never starts invalid.

import { Flow } from "../../wire/flowDocument";
import { addVersion, architectOrgFacts, newArchitectEntity } from "../architect/architectFlowRecords";
import { ArchyFlowDocument, orgProblems, readFlowFile } from "../architect/archyRules";
import { canonicalYaml } from "../architect/archyYaml";
import { sha256Hex } from "../authentication/hashing";
import { buildFlow } from "../handlers/flowRecords";
import { DEFAULT_MAX_UPLOAD_BYTES } from "../options";
import { ArchitectFlowRecord, ArchitectOrgRecord, EmulatorState, FlowFormat, GraphOrgRecord, OrgRecord, STATE_FORMAT_VERSION } from "../persistence/emulatorState";
import { RandomSource } from "../random";
import { flowGraphProblems, orgFlowsOf } from "../rules/flowGraphRules";
import { minimalFlowYaml, rootKeyOfFlowType } from "./architectSeedFlows";
import { EmulatorSeed, parseSeed, ParsedSeed } from "./seedFormat";

type SeedOrg = ParsedSeed["orgs"][number];
type OrgBase = Omit<GraphOrgRecord, "flowFormat" | "flows">;

/** Fields of a graph flow that an Architect org's flow keeps in its YAML instead. */
const GRAPH_ONLY_FIELDS = ["triggers", "edges", "inputSchema", "outputSchema"] as const;

/** The state a seed describes; `defaultFlowFormat` is the format of every org that names none. */
export function stateFromSeed(seed: EmulatorSeed, random: RandomSource, source = "seed", defaultFlowFormat: FlowFormat = "graph"): EmulatorState {
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
    const base: OrgBase = {
      id: seedOrg.id,
      name: seedOrg.name ?? seedOrg.id,
      division: { id: random.uuid(), name: "Home" },
      clients: seedOrg.clients.map((client) => ({ clientId: client.clientId, secretSha256: sha256Hex(client.clientSecret) })),
    };
    const report = (flowName: string) => (problem: string) => problems.push(`org '${seedOrg.id}', flow '${flowName}': ${problem.replace(/\.$/, "")}`);
    const org = (seedOrg.flowFormat ?? defaultFlowFormat) === "architect" ? architectOrg(seedOrg, base, random, report) : graphOrg(seedOrg, base, random, report);
    const ids = new Set<string>();
    const namesByType = new Set<string>();
    for (const { flow } of org.flowFormat === "architect" ? org.architectFlows : org.flows) {
      if (ids.has(flow.id)) problems.push(`org '${seedOrg.id}': flow id '${flow.id}' appears twice`);
      ids.add(flow.id);
      const nameKey = `${flow.type}\u0000${flow.name.toLowerCase()}`;
      if (namesByType.has(nameKey)) problems.push(`org '${seedOrg.id}': two ${flow.type} flows are named '${flow.name}'`);
      namesByType.add(nameKey);
    }
    return org;
  });
  if (problems.length > 0) {
    throw new Error(`Invalid ${source}: ${problems.join("; ")}`);
  }
  return { formatVersion: STATE_FORMAT_VERSION, orgs, tokens: [] };
}

function graphOrg(seedOrg: SeedOrg, base: OrgBase, random: RandomSource, report: (flowName: string) => (problem: string) => void): GraphOrgRecord {
  const flows: Flow[] = seedOrg.flows.map(({ id, ...fields }) => {
    if (fields.yaml !== undefined) report(fields.name)("yaml is the Archy YAML of an Architect org's flow; this org keeps flows as graphs (set flowFormat: architect)");
    return buildFlow({ id: id ?? random.uuid(), version: 1, division: base.division, fields: { ...fields, name: fields.name, type: fields.type } });
  });
  const seededFlows = orgFlowsOf(flows);
  for (const flow of flows) {
    for (const problem of flowGraphProblems(flow, seededFlows)) report(flow.name)(`${problem.rule}: ${problem.message}`);
  }
  return { ...base, flows: flows.map((flow) => ({ flow, deleted: false })) };
}

/**
 * Every flow of an Architect org starts published at version 1.0 of its YAML (or of the minimal YAML for
 * its type). Each document is read first, then checked against the org the whole seed makes, so a flow
 * may call a common module seeded after it.
 */
function architectOrg(seedOrg: SeedOrg, base: OrgBase, random: RandomSource, report: (flowName: string) => (problem: string) => void): ArchitectOrgRecord {
  const org: ArchitectOrgRecord = { ...base, flowFormat: "architect", flows: [], architectFlows: [] };
  const documents = new Map<ArchitectFlowRecord, ArchyFlowDocument>();
  for (const seedFlow of seedOrg.flows) {
    const problem = report(seedFlow.name);
    for (const field of GRAPH_ONLY_FIELDS.filter((name) => seedFlow[name] !== undefined)) {
      problem(`${field} belongs to the graph format; an Architect org's flow keeps its logic in yaml`);
    }
    if (!rootKeyOfFlowType(seedFlow.type)) {
      problem(`type '${seedFlow.type}' is not a flow type the emulator imports as Archy YAML`);
      continue;
    }
    const yaml = seedFlow.yaml ?? minimalFlowYaml(seedFlow.type, seedFlow.name);
    const reading = readFlowFile(new TextEncoder().encode(yaml), { maxTextChars: DEFAULT_MAX_UPLOAD_BYTES });
    if (!reading.ok) {
      reading.problems.forEach((refusal) => problem(refusal.message));
      continue;
    }
    const { document } = reading;
    if (document.flowType !== seedFlow.type || document.name !== seedFlow.name) {
      problem(`its yaml describes the ${document.flowType} flow '${document.name}', not this ${seedFlow.type} flow`);
      continue;
    }
    const record: ArchitectFlowRecord = {
      flow: newArchitectEntity({ id: seedFlow.id ?? random.uuid(), name: seedFlow.name, type: seedFlow.type, description: seedFlow.description, division: base.division }),
      deleted: false,
      versions: [],
    };
    addVersion(record, { ...document, yaml: canonicalYaml(reading.value) }, { now: new Date() });
    org.architectFlows.push(record);
    documents.set(record, document);
  }
  const facts = architectOrgFacts(org);
  for (const [record, document] of documents) {
    for (const refusal of orgProblems(document, facts)) report(record.flow.name)(refusal.message);
  }
  return org;
}

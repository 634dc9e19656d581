// Protects which flow a declared name means, and what the user is told when none or several fit: a shared
// flow is only ever a common module, a case slip gets a suggestion, a rename names the new name, and a
// name held by flows of different types is never answered with "rename the others".
import { FlowNameError, pickNamedFlow, requireCallable } from "../../provider/flowNames";
import type { ListedFlow, NamedFlows } from "../../provider/genesys/flowsApi";

const flow = (id: string, name: string, type: string): ListedFlow => ({ id, name, type });
const named = (name: string, exact: ListedFlow[], otherCase: ListedFlow[] = []): NamedFlows => ({ name, exact, otherCase });

function messageOf(pick: () => unknown): string {
  try {
    pick();
  } catch (error) {
    expect(error).toBeInstanceOf(FlowNameError);
    return (error as Error).message;
  }
  throw new Error("expected a FlowNameError");
}

const salesInbound = flow("sales-1", "Sales Inbound", "inboundcall");
const salesModule = flow("sales-2", "Sales Inbound", "commonmodule");

describe("pickNamedFlow", () => {
  it("gives the one flow of the name as the parent, whatever its type", () => {
    expect(pickNamedFlow(named("Sales Inbound", [salesInbound]), "parent")).toBe(salesInbound);
  });

  it("resolves a shared flow to the common module when flows of other types share its name", () => {
    expect(pickNamedFlow(named("Sales Inbound", [salesInbound, salesModule]), "shared")).toBe(salesModule);
  });

  it("refuses an inbound flow as the shared flow, naming its type", () => {
    const message = messageOf(() => pickNamedFlow(named("Sales Inbound", [salesInbound]), "shared"));
    expect(message).toContain("'Sales Inbound' (sales-1) is a flow of type 'inboundcall'");
    expect(message).toMatch(/Architect calls only common modules \(commonmodule flows\)/);
    expect(message).toMatch(/Nothing was written/);
  });

  it("lists the candidates of an ambiguous parent name and asks for the ID, not for renaming flows", () => {
    const message = messageOf(() => pickNamedFlow(named("Sales Inbound", [salesInbound, salesModule]), "parent"));
    expect(message).toContain("2 flows are named 'Sales Inbound': sales-1 (inboundcall), sales-2 (commonmodule)");
    expect(message).toContain("Give parentFlowId, the ID of the one you mean, instead of the name.");
    expect(message).not.toMatch(/rename/i);
  });

  it("suggests the flow whose name differs only in case", () => {
    const message = messageOf(() => pickNamedFlow(named("sales inbound", [], [salesInbound]), "parent"));
    expect(message).toContain("No flow is named exactly 'sales inbound'.");
    expect(message).toContain("did you mean 'Sales Inbound'?");
  });

  it("suggests only common modules for a shared flow's case slip", () => {
    const auth = flow("auth-1", "Global Auth", "commonmodule");
    const message = messageOf(() => pickNamedFlow(named("global auth", [], [auth, flow("auth-2", "GLOBAL AUTH", "inboundcall")]), "shared"));
    expect(message).toContain("No flow of type 'commonmodule' is named exactly 'global auth'.");
    expect(message).toContain("did you mean 'Global Auth'?");
    expect(message).not.toContain("GLOBAL AUTH");
  });

  it("says the new name of the flow the state recorded under the declared name", () => {
    const message = messageOf(() => pickNamedFlow(named("Sales Inbound", []), "parent", { id: "sales-1", name: "Sales Inbound (old)" }));
    expect(message).toContain("Flow sales-1, which this attachment is in, is now named 'Sales Inbound (old)' in the org");
    expect(message).toContain('write parentFlowName: "Sales Inbound (old)" to follow the rename');
    expect(message).not.toMatch(/spelling/);
  });

  it("says to check the spelling, or give the ID, when nothing is close", () => {
    expect(messageOf(() => pickNamedFlow(named("Salse", []), "shared"))).toMatch(/Check the spelling and the stack's org, or give sharedFlowId instead of the name/);
  });
});

describe("requireCallable", () => {
  it("passes a common module and refuses any other flow, naming its type", () => {
    expect(requireCallable(salesModule)).toBe(salesModule);
    expect(messageOf(() => requireCallable(salesInbound))).toMatch(/is a flow of type 'inboundcall'/);
  });
});

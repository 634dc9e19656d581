// Protects exported resource names: readable, valid as wiring attachment names, unique, and stable
// whatever else the org holds and in whatever order it lists the calls.

import fc from "fast-check";
import { readWiringConfig } from "../../program/wiringConfig";
import { resourceNames } from "../../wiringCli/resourceNames";

describe("resourceNames", () => {
  it("joins the parent flow name and the trigger ID in lower case with dashes", () => {
    expect(
      resourceNames([
        { parentFlowName: "Sales Inbound", triggerId: "callGlobalAuth" },
        { parentFlowName: "  Équipe / Ventes (EU)  ", triggerId: "call_auth-2" },
        { parentFlowName: "販売", triggerId: "callAuth" },
      ]),
    ).toEqual(["sales-inbound-callglobalauth", "equipe-ventes-eu-call-auth-2", "flow-callauth"]);
  });

  it("tells apart calls whose names would clash, each by a hash of its own call, in any order", () => {
    const upper = { parentFlowName: "Sales Inbound", triggerId: "callAuth" };
    const dashed = { parentFlowName: "Sales-Inbound", triggerId: "callauth" };
    const other = { parentFlowName: "Support Inbound", triggerId: "callAuth" };
    const names = resourceNames([upper, dashed, other]);
    expect(names[0]).toMatch(/^sales-inbound-callauth-[0-9a-f]{6}$/);
    expect(names[1]).toMatch(/^sales-inbound-callauth-[0-9a-f]{6}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(names[2]).toBe("support-inbound-callauth");
    expect(resourceNames([other, dashed, upper])).toEqual([names[2], names[1], names[0]]);
  });

  it("always gives unique names that the wiring config accepts", () => {
    const call = fc.record({ parentFlowName: fc.string({ minLength: 1 }), triggerId: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/) });
    fc.assert(
      fc.property(fc.uniqueArray(call, { selector: (c) => `${c.parentFlowName}\u0000${c.triggerId}`, maxLength: 8 }), (calls) => {
        const names = resourceNames(calls);
        expect(new Set(names).size).toBe(calls.length);
        const attachments = Object.fromEntries(names.map((name) => [name, { parentFlowName: "Sales Inbound", triggerId: "callAuth" }]));
        expect(readWiringConfig({ sharedFlowName: "Global Auth", attachments })).toHaveLength(calls.length);
      }),
    );
  });
});

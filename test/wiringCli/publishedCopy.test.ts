// Protects the stale-copy rule: a published parent runs a stale copy exactly when it was published before
// the shared flow's latest publish; without a published parent, or without dates, it says so.

import { publishedCopy } from "../../wiringCli/publishedCopy";

const at = (datePublished?: string) => ({ published: datePublished === undefined ? {} : { datePublished } });

describe("publishedCopy", () => {
  it("is stale when the parent was published before the shared flow's latest publish", () => {
    expect(publishedCopy(at("2024-05-01T10:00:00.000Z"), at("2024-05-01T10:00:00.001Z"))).toEqual({ state: "stale" });
  });

  it("is current when the parent was published at or after the shared flow's latest publish", () => {
    expect(publishedCopy(at("2024-05-02T00:00:00Z"), at("2024-05-01T23:59:59Z"))).toEqual({ state: "current" });
    expect(publishedCopy(at("2024-05-01T10:00:00.000Z"), at("2024-05-01T10:00:00.000Z"))).toEqual({ state: "current" });
    // Dates in other offsets are compared as instants.
    expect(publishedCopy(at("2024-05-01T12:00:00+02:00"), at("2024-05-01T10:30:00Z"))).toEqual({ state: "stale" });
  });

  it("says when the parent is not published, whatever the shared flow", () => {
    expect(publishedCopy({}, at("2024-05-01T10:00:00Z"))).toEqual({ state: "parent-not-published" });
    expect(publishedCopy({}, {})).toEqual({ state: "parent-not-published" });
  });

  it("cannot tell without a published shared flow or a readable date, and says which is missing", () => {
    expect(publishedCopy(at("2024-05-01T10:00:00Z"), {})).toEqual({ state: "unknown", reason: "the shared flow has no published version" });
    expect(publishedCopy(at(), at("2024-05-01T10:00:00Z"))).toEqual({ state: "unknown", reason: "the org gives no readable publish date for the parent flow" });
    expect(publishedCopy(at("2024-05-01T10:00:00Z"), at("yesterday"))).toEqual({ state: "unknown", reason: "the org gives no readable publish date for the shared flow" });
  });
});

// Whether a published parent flow runs the shared flow as last published: a flow is published with the
// copies of the shared flows it calls, so a parent published before the shared flow's latest publish
// still runs the older copy. Pure, over publish dates as the org reports them.

export interface PublishFacts {
  /** Set when the flow has a published version. */
  published?: { datePublished?: string };
}

export type PublishedCopy =
  | { state: "parent-not-published" }
  | { state: "current" }
  | { state: "stale" }
  | { state: "unknown"; reason: string };

export function publishedCopy(parent: PublishFacts, shared: PublishFacts): PublishedCopy {
  if (parent.published === undefined) return { state: "parent-not-published" };
  if (shared.published === undefined) return { state: "unknown", reason: "the shared flow has no published version" };
  const parentMs = Date.parse(parent.published.datePublished ?? "");
  const sharedMs = Date.parse(shared.published.datePublished ?? "");
  if (Number.isNaN(parentMs) || Number.isNaN(sharedMs)) {
    return { state: "unknown", reason: `the org gives no readable publish date for the ${Number.isNaN(parentMs) ? "parent" : "shared"} flow` };
  }
  return parentMs < sharedMs ? { state: "stale" } : { state: "current" };
}

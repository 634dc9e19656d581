// What this command knows of one listing of the org's flows (those of one type, or of every type): which
// of its pages were fetched recently enough to use, its size, and the names it settles once complete.

import { ListingKnowledge, pageCountOf } from "./listingDecision";
import type { ListedFlow } from "./flowsApi";

interface ListedPage {
  fetchedAtMs: number;
  /** The page's flows as listed (identity and variable schemas), kept up to date with our own writes. */
  flows: ListedFlow[];
}

export class FlowListing {
  private total: number | undefined;
  private readonly pages = new Map<number, ListedPage>();

  /** `type` undefined: the listing of every flow, whatever its type. */
  constructor(
    readonly type: string | undefined,
    private readonly usableForMs: number,
    private readonly now: () => number,
    private readonly pageSize: number,
  ) {}

  /** Keeps one fetched page; its `total` is the listing's size from now on. */
  record(pageNumber: number, total: number, flows: ListedFlow[], fetchedAtMs: number): void {
    this.total = total;
    this.pages.set(pageNumber, { fetchedAtMs, flows });
  }

  knowledge(): ListingKnowledge {
    return { total: this.total, usablePages: this.usablePageNumbers().length };
  }

  /** The first `count` pages not usable now, in page order (page 1 while the size is unknown). */
  pagesToFetch(count: number): number[] {
    if (this.total === undefined) return [1];
    const usable = new Set(this.usablePageNumbers());
    const missing: number[] = [];
    for (let pageNumber = 1; pageNumber <= pageCountOf(this.total, this.pageSize) && missing.length < count; pageNumber++) {
      if (!usable.has(pageNumber)) missing.push(pageNumber);
    }
    return missing;
  }

  /**
   * Every flow of the listing when all its pages are usable, each once (a flow created or deleted between two
   * page fetches can shift others across pages); undefined while any page is missing or too old.
   */
  completeListing(): ListedFlow[] | undefined {
    if (this.total === undefined) return undefined;
    const usable = new Set(this.usablePageNumbers());
    const byId = new Map<string, ListedFlow>();
    for (let pageNumber = 1; pageNumber <= pageCountOf(this.total, this.pageSize); pageNumber++) {
      if (!usable.has(pageNumber)) return undefined;
      for (const flow of this.pages.get(pageNumber)!.flows) byId.set(flow.id, flow);
    }
    return [...byId.values()];
  }

  /** Our own write stored `flow`: the pages listing it show its new name and type. */
  written(flow: ListedFlow): void {
    for (const page of this.pages.values()) {
      page.flows = page.flows.map((listed) => (listed.id === flow.id ? { ...listed, name: flow.name, type: flow.type } : listed));
    }
  }

  /** Drops the pages listing this flow: after a write of unknown outcome its name may have changed. */
  forget(flowId: string): void {
    for (const [pageNumber, page] of this.pages) {
      if (page.flows.some((flow) => flow.id === flowId)) this.pages.delete(pageNumber);
    }
  }

  private usablePageNumbers(): number[] {
    const nowMs = this.now();
    return [...this.pages].filter(([, page]) => nowMs < page.fetchedAtMs + this.usableForMs).map(([pageNumber]) => pageNumber);
  }
}

// What a handler gets and returns: the parsed request (query, JSON body, caller's org) and a plain
// result the response middleware writes out. Handlers never touch the socket.

import { ArchitectJobs, SignedTransfer } from "../architect/ArchitectJobs";
import { GenesysErrorFactory } from "../errors/GenesysErrorFactory";
import { IEmulatorStore } from "../persistence/IEmulatorStore";
import { RandomSource } from "../random";
import { ResolvedFaults } from "../options";

export interface HandlerContext {
  query: URLSearchParams;
  /** Path parameters captured by the route, already URI-decoded. */
  pathParams: string[];
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  store: IEmulatorStore;
  random: RandomSource;
  faults: ResolvedFaults;
  /** Set for routes that need authentication, once the bearer token is checked. */
  caller?: { orgId: string; clientId: string };
  /** Injected fault: store this write without its `triggers` and `edges`, yet answer it as a success. */
  dropWrittenGraph?: boolean;
  /** Every org's Architect jobs and their signed URLs. */
  architectJobs: ArchitectJobs;
  /** The emulator's base URL, which signed URLs start with. */
  emulatorUrl: string;
  /** Largest file an upload URL accepts. */
  maxUploadBytes: number;
  /** Set for routes that take a file: the size of one over `maxUploadBytes`, whose bytes were not kept (`rawBody` is empty). */
  fileTooLargeBytes?: number;
  /** Set for signed-URL routes, once the token in the path is checked: what it opens. */
  signedTransfer?: SignedTransfer;
}

export interface HandlerResult {
  status: number;
  /** Answered as JSON. */
  body?: unknown;
  /** Answered as is, instead of `body`: a file for download. */
  file?: { contentType: string; content: Uint8Array; fileName: string };
  headers?: Record<string, string>;
  /** The change is stored; answer by destroying the connection instead of responding (injected fault). */
  dropConnection?: boolean;
}

export type Handler = (context: HandlerContext) => HandlerResult;

/** The caller's org ID; handlers behind authentication only. */
export function callerOrgId(context: HandlerContext): string {
  return requireCaller(context).orgId;
}

/** The OAuth client that sent the request; handlers behind authentication only. */
export function callerClientId(context: HandlerContext): string {
  return requireCaller(context).clientId;
}

function requireCaller(context: HandlerContext): NonNullable<HandlerContext["caller"]> {
  if (!context.caller) throw new Error("handler reached without an authenticated caller");
  return context.caller;
}

/** The body as a JSON object, or a 400 saying what is wrong with it; an empty body is `{}` where the body is optional. */
export function jsonObjectBody(context: HandlerContext, options: { optional?: boolean } = {}): Record<string, unknown> {
  if (context.rawBody.length === 0) {
    if (options.optional) return {};
    throw GenesysErrorFactory.badRequest("The request body is empty; send a JSON object.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(context.rawBody.toString("utf8"));
  } catch (error) {
    throw GenesysErrorFactory.badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw GenesysErrorFactory.badRequest(`The request body must be a JSON object, not ${Array.isArray(parsed) ? "an array" : typeof parsed === "object" ? "null" : `a ${typeof parsed}`}.`);
  }
  // Copying, comparing and saving a document recurse into it: one nested deeper than they can follow would
  // fail after it was stored, and every later request that touches it too. It is refused here, before all else.
  if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) {
    throw GenesysErrorFactory.badRequest(`The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; a flow document needs far fewer.`);
  }
  return parsed as Record<string, unknown>;
}

/** The deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests objects and arrays more than `maxDepth` levels; iterative, so any depth is safe to ask about. */
function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** Every value of a query parameter, repeated or comma-joined (`type=a,b` or `type=a&type=b`). */
export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

export function queryInteger(query: URLSearchParams, name: string, options: { defaultValue: number; min: number; max: number }): number {
  const text = query.get(name);
  if (text === null || text === "") return options.defaultValue;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < options.min || value > options.max) {
    throw GenesysErrorFactory.badRequest(`Query parameter ${name} must be an integer from ${options.min} to ${options.max}, got '${text}'.`);
  }
  return value;
}

export function requiredQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value.trim() === "") {
    throw GenesysErrorFactory.badRequest(`Query parameter ${name} is required.`);
  }
  return value;
}

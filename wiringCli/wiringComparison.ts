// Compares the wiring of two orgs by flow names: which calls each has (a call is a parent flow and a
// trigger ID), and for a call in both, its shared flow, each argument and return variable, and its
// position (the nodes leading into it). Flow IDs differ from org to org and are never compared. Pure.

import { fieldPath } from "../provider/attachmentInputs";
import { compareText, sharedFlowLabel, WiredCall } from "./orgWiring";

/** A call as compared: by names only. */
export interface ComparedSide {
  sharedFlowName: string;
  arguments: Record<string, string>;
  returnVariables: Record<string, string>;
  /** The nodes leading into the call: one for a call placed after a node. */
  after: string[];
}

/** A field that differs: `sharedFlowName`, `after`, `arguments.callerPhone`, `returnVariables["Flow.x"]`; absent on one side when undefined. */
export interface FieldDifference {
  field: string;
  left?: string | string[];
  right?: string | string[];
}

interface CallIdentity {
  parentFlowName: string;
  parentFlowType: string;
  triggerId: string;
}

export type ComparedCall = CallIdentity &
  (
    | { status: "same"; left: ComparedSide; right: ComparedSide }
    | { status: "different"; left: ComparedSide; right: ComparedSide; differences: FieldDifference[] }
    | { status: "left-only"; left: ComparedSide }
    | { status: "right-only"; right: ComparedSide }
  );

export type ComparisonStatus = ComparedCall["status"];

export interface WiringComparison {
  same: boolean;
  counts: Record<ComparisonStatus, number>;
  /** Ordered by parent flow name, parent flow type, trigger ID. */
  calls: ComparedCall[];
}

export function compareWiring(left: readonly WiredCall[], right: readonly WiredCall[]): WiringComparison {
  const leftByKey = byIdentity(left);
  const rightByKey = byIdentity(right);
  const keys = [...new Set([...leftByKey.keys(), ...rightByKey.keys()])].sort(compareText);
  const calls = keys.map((key): ComparedCall => {
    const [leftCall, rightCall] = [leftByKey.get(key), rightByKey.get(key)];
    const identity = identityOf((leftCall ?? rightCall)!);
    if (leftCall && rightCall) {
      const [leftSide, rightSide] = [sideOf(leftCall), sideOf(rightCall)];
      const differences = differencesBetween(leftSide, rightSide);
      return differences.length === 0 ? { ...identity, status: "same", left: leftSide, right: rightSide } : { ...identity, status: "different", left: leftSide, right: rightSide, differences };
    }
    return leftCall ? { ...identity, status: "left-only", left: sideOf(leftCall) } : { ...identity, status: "right-only", right: sideOf(rightCall!) };
  });
  const counts: Record<ComparisonStatus, number> = { same: 0, different: 0, "left-only": 0, "right-only": 0 };
  for (const call of calls) counts[call.status]++;
  return { same: calls.every((call) => call.status === "same"), counts, calls };
}

function differencesBetween(left: ComparedSide, right: ComparedSide): FieldDifference[] {
  const differences: FieldDifference[] = [];
  if (left.sharedFlowName !== right.sharedFlowName) differences.push({ field: "sharedFlowName", left: left.sharedFlowName, right: right.sharedFlowName });
  for (const map of ["arguments", "returnVariables"] as const) {
    const keys = [...new Set([...Object.keys(left[map]), ...Object.keys(right[map])])].sort(compareText);
    for (const key of keys) {
      const [leftValue, rightValue] = [own(left[map], key), own(right[map], key)];
      if (leftValue !== rightValue) differences.push({ field: fieldPath([map, key]), ...present("left", leftValue), ...present("right", rightValue) });
    }
  }
  if (left.after.join("\u0000") !== right.after.join("\u0000")) differences.push({ field: "after", left: left.after, right: right.after });
  return differences;
}

function present(side: "left" | "right", value: string | undefined): Partial<FieldDifference> {
  return value === undefined ? {} : { [side]: value };
}

function own(map: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function byIdentity(calls: readonly WiredCall[]): Map<string, WiredCall> {
  return new Map(calls.map((call) => [identityKey(identityOf(call)), call]));
}

function identityOf(call: WiredCall): CallIdentity {
  return { parentFlowName: call.parent.name, parentFlowType: call.parent.type, triggerId: call.triggerId };
}

function identityKey(identity: CallIdentity): string {
  return [identity.parentFlowName, identity.parentFlowType, identity.triggerId].join("\u0000");
}

function sideOf(call: WiredCall): ComparedSide {
  // Predecessors in name order: the order of a graph's edges is not part of the wiring.
  return { sharedFlowName: sharedFlowLabel(call), arguments: call.arguments, returnVariables: call.returnVariables, after: [...call.predecessors].sort(compareText) };
}

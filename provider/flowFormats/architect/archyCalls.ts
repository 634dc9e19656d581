// A call of a common module in Archy YAML, both ways: a `callCommonModule` action read as a call, and a
// declared call written as one. Inputs and outputs use Archy's value forms (`exp`, `lit`, `var`,
// `noValue`); a module's variables live in its `Common.` scope, which declarations leave out.

import { isMap, isScalar, YAMLMap } from "yaml";
import type { JsonValue } from "../../../wire/flowDocument";
import type { DesiredCall } from "../flowFormat";

/** The action kind of a call of a common module. */
export const CALL_COMMON_MODULE = "callCommonModule";

/** The version key of a call that always runs the module's latest publish (the only form seen in public exports). */
export const LATEST_PUBLISHED = "ver_latestPublished";

/** The scope a common module's input and output variables live in: `callerPhone` is `Common.callerPhone`. */
export const MODULE_VARIABLE_SCOPE = "Common.";

/** A declared variable name as the module's YAML names it. */
export function moduleVariable(name: string): string {
  return `${MODULE_VARIABLE_SCOPE}${name}`;
}

/** A module's variable as a declaration names it, or undefined when it is outside the `Common.` scope. */
export function declaredVariableName(variable: string): string | undefined {
  return variable.startsWith(MODULE_VARIABLE_SCOPE) && variable.length > MODULE_VARIABLE_SCOPE.length ? variable.slice(MODULE_VARIABLE_SCOPE.length) : undefined;
}

const EXPRESSION = /^\$\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\}$/;
const DOTTED_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** An argument as Archy writes an input: `${Call.Ani}` is `{exp: Call.Ani}`, anything else a literal. */
export function inputValue(argument: string): { exp: string } | { lit: string } {
  const expression = EXPRESSION.exec(argument);
  return expression ? { exp: expression[1] } : { lit: argument };
}

/**
 * An input as a declaration would give it: an expression naming one variable, or a string literal. Anything
 * else (another expression, a number, `tts`) no declaration can give: it is kept as the JSON it is, which
 * never equals a declared string. Undefined for an unbound input (`noValue: true`).
 */
export function argumentOf(value: JsonValue): JsonValue | undefined {
  if (isObject(value) && Object.keys(value).length === 1) {
    if (value.noValue === true) return undefined;
    if (typeof value.exp === "string" && DOTTED_NAME.test(value.exp)) return `\${${value.exp}}`;
    if (typeof value.lit === "string" && !value.lit.includes("${")) return value.lit;
  }
  return value;
}

/** A call read from its `callCommonModule` action. */
export interface ArchyCall {
  /** The module's name: the one key under `commonModule`. */
  module: string | undefined;
  /** The key under the module: `ver_latestPublished`, or a pinned version. */
  versionKey: string | undefined;
  arguments: Record<string, JsonValue>;
  returnVariables: Record<string, JsonValue>;
  /** What no declaration can express, said for the drift line (`inputs`, `outputs.Common.x`). */
  unexpressible: string[];
}

/** Reads a `callCommonModule` action's settings. */
export function readArchyCall(body: YAMLMap | undefined): ArchyCall {
  const call: ArchyCall = { module: undefined, versionKey: undefined, arguments: {}, returnVariables: {}, unexpressible: [] };
  const commonModule = body?.get("commonModule", true);
  if (!isMap(commonModule) || commonModule.items.length !== 1 || !isScalar(commonModule.items[0].key)) {
    call.unexpressible.push("commonModule");
    return call;
  }
  const [modulePair] = commonModule.items;
  call.module = String((modulePair.key as { value: unknown }).value);
  const version = modulePair.value;
  const versionPair = isMap(version) && version.items.length === 1 ? version.items[0] : undefined;
  if (!versionPair || !isScalar(versionPair.key)) {
    call.unexpressible.push("commonModule version");
    return call;
  }
  call.versionKey = String(versionPair.key.value);
  const binding = toJson(versionPair.value);
  const settings = isObject(binding) ? binding : {};
  if (binding !== null && !isObject(binding)) call.unexpressible.push(call.versionKey);
  for (const [variable, value] of Object.entries(asObject(settings.inputs, "inputs", call))) {
    const argument = argumentOf(value);
    if (argument === undefined) continue;
    const name = declaredVariableName(variable);
    if (name === undefined) call.unexpressible.push(`inputs.${variable}`);
    else call.arguments[name] = argument;
  }
  for (const [variable, value] of Object.entries(asObject(settings.outputs, "outputs", call))) {
    if (isObject(value) && value.noValue === true && Object.keys(value).length === 1) continue;
    const name = declaredVariableName(variable);
    const target = isObject(value) && Object.keys(value).length === 1 && typeof value.var === "string" ? value.var : undefined;
    if (name === undefined || target === undefined || call.returnVariables[target] !== undefined) {
      // Unbound to one parent variable, or a parent variable bound twice: no returnVariables map says that.
      call.unexpressible.push(`outputs.${variable}`);
      continue;
    }
    call.returnVariables[target] = name;
  }
  return call;
}

/** The `commonModule` mapping of a declared call: the module by name, its latest publish, inputs and outputs. */
export function commonModuleOf(desired: DesiredCall): Record<string, unknown> {
  const inputs = Object.fromEntries(Object.entries(desired.arguments ?? {}).map(([name, value]) => [moduleVariable(name), inputValue(value)]));
  const outputs = Object.fromEntries(Object.entries(desired.returnVariables ?? {}).map(([parentVariable, output]) => [moduleVariable(output), { var: parentVariable }]));
  const binding = {
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
    ...(Object.keys(outputs).length > 0 ? { outputs } : {}),
  };
  return { [desired.sharedFlow.name]: { [LATEST_PUBLISHED]: binding } };
}

/** The action a declared call is written as. */
export function callActionOf(desired: DesiredCall): Record<string, unknown> {
  return { [CALL_COMMON_MODULE]: { name: desired.triggerId, commonModule: commonModuleOf(desired) } };
}

function asObject(value: JsonValue | undefined, field: string, call: ArchyCall): Record<string, JsonValue> {
  if (value === undefined || value === null) return {};
  if (isObject(value)) return value;
  call.unexpressible.push(field);
  return {};
}

function toJson(node: unknown): JsonValue {
  const value = node !== null && typeof node === "object" && "toJSON" in node ? (node as { toJSON(): unknown }).toJSON() : node;
  return (value ?? null) as JsonValue;
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

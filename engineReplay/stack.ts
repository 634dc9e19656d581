// A stack whose commands (preview, up, refresh, destroy) replay the provider calls the Pulumi engine
// makes, against a fresh real provider host per command, keeping state between commands like a Pulumi
// stack does. The demo runs it where no Pulumi CLI is installed; scenario tests read as CLI commands.
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { checkedParallelism, defaultParallelDiff, defaultParallelism, mapWithParallelism, OperationPool } from "./parallel";
import { ProviderHost, type CheckFailure, type PropertyMap } from "./providerHost";
import { REPOSITORY_ROOT } from "./repositoryRoot";

/** The type token `pulumi.dynamic.Resource` registers when given no module or type. */
export const DEFAULT_DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

/** A resource as a program declares it; `inputs` include `__provider` (see serializeDynamicProvider). */
export interface DeclaredResource {
  name: string;
  type?: string;
  inputs: PropertyMap;
}

export interface StateResource {
  name: string;
  type: string;
  urn: string;
  id: string;
  /** What `check` returned when it was last written: the next Check's olds. */
  inputs: PropertyMap;
  /** What the provider returned, with the `__provider` that wrote them: Diff's olds, Delete's properties. */
  outputs: PropertyMap;
  /** A replaced resource whose delete failed; the next `up` or `destroy` deletes it first, as the engine does. */
  pendingDelete?: boolean;
}

/** Plain JSON: save a copy and load it into another Stack to act as another machine. */
export interface StackState {
  resources: StateResource[];
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same";

export interface StepRecord {
  name: string;
  /** "check" when Check or Diff failed before an operation could be chosen. */
  op: StepOp | "check";
  ok: boolean;
  /** The provider's message (gRPC details), or the check failures joined. */
  error?: string;
  failures?: CheckFailure[];
}

export interface CommandResult {
  /** True when every step succeeded and nothing was skipped. */
  ok: boolean;
  steps: StepRecord[];
  /** Successful (or, for preview, planned) steps per operation. */
  counts: Record<StepOp, number>;
  /** Steps not attempted because an earlier one failed (the engine stops before deletions). */
  skipped: Array<{ name: string; op: StepOp }>;
  /** The host's stdout (after its port line) and stderr for this command: what the CLI would print. */
  log: string;
}

export interface StackOptions {
  /** Pulumi project directory the host runs in. Default: this repository's root. */
  cwd?: string;
  /** Stack config for `Configure`, fully qualified keys; secrets in plain text (the host does not accept secrets). */
  config: Record<string, string>;
  /** Extra environment for the host; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /**
   * How many creates, updates, deletes and reads run at once, like `pulumi up --parallel`. Default: the
   * CLI's, PULUMI_PARALLEL or 4 × the CPUs.
   */
  parallelism?: number;
  /**
   * Diffs run in parallel (up to `parallelism`) while Check goes on one resource at a time, as with
   * PULUMI_PARALLEL_DIFF=true. Default: that variable; unset, Check and Diff run one resource at a time.
   */
  parallelDiff?: boolean;
  /** Used in URNs. Default: `name:` from the project's Pulumi.yaml, else the directory name. */
  project?: string;
  stackName?: string;
  /** Start from a saved state (another machine, or an earlier build's state). */
  state?: StackState;
}

export interface UpOptions {
  /** Like `pulumi up --continue-on-error`: run deletions even after a failed create, update or replace. */
  continueOnError?: boolean;
  /** Like `pulumi up --skip-preview`: no preview pass (and no provider process of its own) before the update. */
  skipPreview?: boolean;
}

/** What the engine decided for one declared resource after Check and Diff. */
interface PlannedStep {
  name: string;
  /** Deletions come from the state, not from a declaration. */
  op: Exclude<StepOp, "delete">;
  urn: string;
  type: string;
  checkedInputs: PropertyMap;
  old?: StateResource;
  deleteBeforeReplace: boolean;
}

export class Stack {
  private readonly cwd: string;
  private readonly config: Record<string, string>;
  private readonly env: Record<string, string | undefined>;
  private readonly parallelism: number;
  private readonly parallelDiff: boolean;
  private readonly project: string;
  private readonly stackName: string;
  private resources: StateResource[];

  constructor(options: StackOptions) {
    this.cwd = options.cwd ?? REPOSITORY_ROOT;
    this.config = { ...options.config };
    this.env = { ...options.env };
    this.parallelism = checkedParallelism(options.parallelism ?? defaultParallelism());
    this.parallelDiff = options.parallelDiff ?? defaultParallelDiff();
    this.project = options.project ?? projectName(this.cwd);
    this.stackName = options.stackName ?? "test";
    this.resources = options.state ? deepCopy(options.state.resources) : [];
  }

  /** A deep copy of the state; assigning stores a deep copy. */
  get state(): StackState {
    return { resources: deepCopy(this.resources) };
  }

  set state(state: StackState) {
    this.resources = deepCopy(state.resources);
  }

  /** `pulumi preview`: Check and Diff only, so nothing is written anywhere. */
  async preview(declared: DeclaredResource[]): Promise<CommandResult> {
    return this.withHost(async (host) => {
      const { planned, failed } = await this.plan(host, declared);
      const deletions = [...this.resources.filter((r) => r.pendingDelete), ...this.removedFrom(declared)];
      const steps: StepRecord[] = [
        ...failed,
        ...planned.map((step) => ({ name: step.name, op: step.op, ok: true })),
        ...deletions.map((old) => ({ name: old.name, op: "delete" as const, ok: true })),
      ];
      return { steps, skipped: [] };
    });
  }

  /**
   * `pulumi up`: first a preview in a provider process of its own, as the CLI runs it (any Check or Diff
   * failure stops it before any write), unless `skipPreview`; then the update in a fresh process: each
   * resource checked and diffed in declaration order, its step handed to the pool as soon as it is decided
   * (so creates run while later resources are still being checked), `parallelism` steps at a time; then the
   * deletions of removed and replaced resources, which the engine skips after a failure.
   */
  async up(declared: DeclaredResource[], options: UpOptions = {}): Promise<CommandResult> {
    const preview = options.skipPreview ? undefined : await this.preview(declared);
    if (preview && !preview.ok) {
      // The update never starts: what the preview planned is reported as skipped, nothing as done.
      const planned = preview.steps.filter((step) => step.ok && step.op !== "same" && step.op !== "check");
      return {
        ...preview,
        steps: preview.steps.filter((step) => !step.ok),
        skipped: planned.map((step) => ({ name: step.name, op: step.op as StepOp })),
        counts: { create: 0, update: 0, replace: 0, delete: 0, same: 0 },
      };
    }
    const update = await this.withHost(async (host) => {
      const gone = new Set<StateResource>();
      const deleteTracked = async (old: StateResource) => {
        const record = await this.deleteOne(host, old);
        if (record.ok) gone.add(old);
        return record;
      };
      const pendingOlds = this.resources.filter((r) => r.pendingDelete);
      const steps: StepRecord[] = await mapWithParallelism(pendingOlds, this.parallelism, deleteTracked);

      const nextByName = new Map<string, StateResource>();
      const replacedOlds: StateResource[] = [];
      const pool = new OperationPool(this.parallelism);
      const running: Array<Promise<StepRecord>> = [];
      const { failed } = await this.plan(host, declared, (step) => {
        running.push(
          pool.run(async () => {
            const result = await this.apply(host, step);
            if (result.next) nextByName.set(step.name, result.next);
            if (result.replacedOld) replacedOlds.push(result.replacedOld);
            return result.record;
          }),
        );
      });
      steps.push(...failed, ...(await Promise.all(running)));

      const removed = this.removedFrom(declared);
      const deletions = [...removed, ...replacedOlds];
      const mayDelete = options.continueOnError === true || steps.every((s) => s.ok);
      if (mayDelete) steps.push(...(await mapWithParallelism(deletions, this.parallelism, deleteTracked)));

      this.resources = [
        ...pendingOlds.filter((r) => !gone.has(r)),
        ...declared.flatMap((d) => nextByName.get(d.name) ?? []),
        ...replacedOlds.filter((r) => !gone.has(r)).map((r) => ({ ...r, pendingDelete: true })),
        ...removed.filter((r) => !gone.has(r)),
      ];
      const skipped = mayDelete ? [] : deletions.map((old) => ({ name: old.name, op: "delete" as const }));
      return { steps, skipped };
    });
    return preview ? { ...update, log: `${preview.log}${update.log}` } : update;
  }

  /** `pulumi refresh`: Read every resource; an empty id means it is gone and leaves the state. */
  async refresh(): Promise<CommandResult> {
    return this.withHost(async (host) => {
      const next = new Map<StateResource, StateResource | undefined>();
      const steps = await mapWithParallelism(this.resources, this.parallelism, async (old): Promise<StepRecord> => {
        try {
          const read = await host.read({ id: old.id, urn: old.urn, properties: old.outputs, inputs: old.inputs });
          if (read.id === "") {
            next.set(old, undefined);
            return { name: old.name, op: "delete", ok: true };
          }
          const refreshed = { ...old, id: read.id, outputs: read.properties, inputs: read.inputs ?? old.inputs };
          next.set(old, refreshed);
          const same = isDeepStrictEqual(refreshed.outputs, old.outputs) && isDeepStrictEqual(refreshed.inputs, old.inputs);
          return { name: old.name, op: same ? "same" : "update", ok: true };
        } catch (error) {
          return { name: old.name, op: "update", ok: false, error: messageOf(error) };
        }
      });
      this.resources = this.resources.flatMap((old) => {
        if (!next.has(old)) return [old];
        const refreshed = next.get(old);
        return refreshed ? [refreshed] : [];
      });
      return { steps, skipped: [] };
    });
  }

  /** `pulumi destroy`: Delete everything with its state outputs, so with the provider that created it. */
  async destroy(): Promise<CommandResult> {
    return this.withHost(async (host) => {
      const olds = this.resources;
      const steps = await mapWithParallelism(olds, this.parallelism, (old) => this.deleteOne(host, old));
      this.resources = olds.filter((_, index) => !steps[index].ok);
      return { steps, skipped: [] };
    });
  }

  /** Starts a host for one command and always stops it, the way the CLI runs plugins per command. */
  private async withHost(
    command: (host: ProviderHost) => Promise<{ steps: StepRecord[]; skipped: CommandResult["skipped"] }>,
  ): Promise<CommandResult> {
    const host = await ProviderHost.start({ cwd: this.cwd, config: this.config, env: this.env });
    let outcome: { steps: StepRecord[]; skipped: CommandResult["skipped"] };
    try {
      outcome = await command(host);
    } finally {
      await host.close();
    }
    const { steps, skipped } = outcome;
    const counts: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    for (const step of steps) if (step.ok && step.op !== "check") counts[step.op] += 1;
    return { ok: skipped.length === 0 && steps.every((s) => s.ok), steps, counts, skipped, log: host.log };
  }

  /**
   * Check then Diff each declared resource in declaration order, one at a time, as the engine's step
   * generator does; with `parallelDiff` a resource's Diff (and a replacement's second Check) runs in the
   * pool while the next resource is checked.
   */
  private async plan(
    host: ProviderHost,
    declared: DeclaredResource[],
    dispatch: (step: PlannedStep) => void = () => {},
  ): Promise<{ planned: PlannedStep[]; failed: StepRecord[] }> {
    const names = new Set<string>();
    for (const resource of declared) {
      if (names.has(resource.name)) throw new Error(`Duplicate resource name "${resource.name}" (the engine rejects duplicate URNs).`);
      names.add(resource.name);
    }
    const planned: PlannedStep[] = [];
    const decided = (step: PlannedStep) => {
      planned.push(step);
      dispatch(step);
    };
    const failed: StepRecord[] = [];
    const live = this.resources.filter((r) => !r.pendingDelete);
    const diffPool = new OperationPool(this.parallelism);
    const diffsInFlight: Array<Promise<void>> = [];
    for (const resource of declared) {
      const type = resource.type ?? DEFAULT_DYNAMIC_TYPE;
      const urn = this.urnOf(type, resource.name);
      const old = live.find((r) => r.urn === urn);
      let checked: Awaited<ReturnType<ProviderHost["check"]>>;
      try {
        checked = await host.check({ urn, olds: old?.inputs ?? {}, news: resource.inputs });
      } catch (error) {
        failed.push({ name: resource.name, op: "check", ok: false, error: messageOf(error) });
        continue;
      }
      if (checked.failures.length > 0) {
        failed.push({ name: resource.name, op: "check", ok: false, error: describeFailures(checked.failures), failures: checked.failures });
        continue;
      }
      if (!old) {
        decided({ name: resource.name, op: "create", urn, type, checkedInputs: checked.inputs, deleteBeforeReplace: false });
        continue;
      }
      const diff = () => this.diffOne(host, resource, { urn, type, old, checkedInputs: checked.inputs }, decided, failed);
      if (this.parallelDiff) diffsInFlight.push(diffPool.run(diff));
      else await diff();
    }
    await Promise.all(diffsInFlight);
    const order = (name: string) => declared.findIndex((d) => d.name === name);
    planned.sort((a, b) => order(a.name) - order(b.name));
    failed.sort((a, b) => order(a.name) - order(b.name));
    return { planned, failed };
  }

  /** Diff of one checked resource that has state, and for a replacement the second Check; records the outcome. */
  private async diffOne(
    host: ProviderHost,
    resource: DeclaredResource,
    checked: { urn: string; type: string; old: StateResource; checkedInputs: PropertyMap },
    decided: (step: PlannedStep) => void,
    failed: StepRecord[],
  ): Promise<void> {
    const { urn, type, old } = checked;
    try {
      const diff = await host.diff({ id: old.id, urn, olds: old.outputs, news: checked.checkedInputs, oldInputs: old.inputs });
      // DIFF_UNKNOWN: the engine compares old and new inputs itself, the serialized provider included.
      const changed = diff.changes === "unknown" ? !isDeepStrictEqual(old.inputs, checked.checkedInputs) : diff.changes === "some";
      if (changed && diff.replaces.length > 0) {
        // A replacement is a new resource: the engine checks the declaration again with no olds.
        const rechecked = await host.check({ urn, olds: {}, news: resource.inputs });
        if (rechecked.failures.length > 0) {
          failed.push({ name: resource.name, op: "check", ok: false, error: describeFailures(rechecked.failures), failures: rechecked.failures });
          return;
        }
        decided({
          name: resource.name,
          op: "replace",
          urn,
          type,
          checkedInputs: rechecked.inputs,
          old,
          deleteBeforeReplace: diff.deleteBeforeReplace,
        });
        return;
      }
      decided({ name: resource.name, op: changed ? "update" : "same", urn, type, checkedInputs: checked.checkedInputs, old, deleteBeforeReplace: false });
    } catch (error) {
      failed.push({ name: resource.name, op: "check", ok: false, error: messageOf(error) });
    }
  }

  /** Runs one planned step; returns the resource's new state entry and, for a replacement, the old one to delete. */
  private async apply(
    host: ProviderHost,
    step: PlannedStep,
  ): Promise<{ record: StepRecord; next?: StateResource; replacedOld?: StateResource }> {
    const { name, op, urn, type, old, checkedInputs } = step;
    const fresh = (id: string, outputs: PropertyMap): StateResource => ({ name, type, urn, id, inputs: checkedInputs, outputs });
    try {
      switch (op) {
        case "same":
          // The engine's SameStep keeps the old outputs (and their __provider) but records the new inputs.
          return { record: { name, op, ok: true }, next: { ...old!, inputs: checkedInputs } };
        case "create": {
          const created = await host.create({ urn, properties: checkedInputs });
          return { record: { name, op, ok: true }, next: fresh(created.id, created.properties) };
        }
        case "update": {
          const updated = await host.update({ id: old!.id, urn, olds: old!.outputs, news: checkedInputs, oldInputs: old!.inputs });
          return { record: { name, op, ok: true }, next: fresh(old!.id, updated.properties) };
        }
        case "replace": {
          if (step.deleteBeforeReplace) {
            await host.delete({ id: old!.id, urn, properties: old!.outputs, oldInputs: old!.inputs });
            try {
              const created = await host.create({ urn, properties: checkedInputs });
              return { record: { name, op, ok: true }, next: fresh(created.id, created.properties) };
            } catch (error) {
              // The old one is already gone: the resource leaves the state.
              return { record: { name, op, ok: false, error: messageOf(error) } };
            }
          }
          const created = await host.create({ urn, properties: checkedInputs });
          return { record: { name, op, ok: true }, next: fresh(created.id, created.properties), replacedOld: old };
        }
      }
    } catch (error) {
      return { record: { name, op, ok: false, error: messageOf(error) }, next: old };
    }
  }

  private async deleteOne(host: ProviderHost, old: StateResource): Promise<StepRecord> {
    try {
      await host.delete({ id: old.id, urn: old.urn, properties: old.outputs, oldInputs: old.inputs });
      return { name: old.name, op: "delete", ok: true };
    } catch (error) {
      return { name: old.name, op: "delete", ok: false, error: messageOf(error) };
    }
  }

  private removedFrom(declared: DeclaredResource[]): StateResource[] {
    const declaredUrns = new Set(declared.map((d) => this.urnOf(d.type ?? DEFAULT_DYNAMIC_TYPE, d.name)));
    return this.resources.filter((r) => !r.pendingDelete && !declaredUrns.has(r.urn));
  }

  private urnOf(type: string, name: string): string {
    return `urn:pulumi:${this.stackName}::${this.project}::${type}::${name}`;
  }
}

function projectName(cwd: string): string {
  const yamlPath = path.join(cwd, "Pulumi.yaml");
  const yaml = fs.existsSync(yamlPath) ? fs.readFileSync(yamlPath, "utf8") : "";
  return /^name:\s*["']?([^"'\s#]+)/m.exec(yaml)?.[1] ?? path.basename(cwd);
}

function describeFailures(failures: CheckFailure[]): string {
  return failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// State kept in memory and saved to a JSON file after every change: written to a temporary file,
// fsynced, then renamed over the old one (and the directory fsynced), so a kill at any moment leaves
// either the previous or the new complete state, and every acknowledged change is on disk.

import * as fs from "node:fs";
import * as path from "node:path";
import { assertEmulatorState, EmulatorState } from "./emulatorState";
import { MemoryEmulatorStore } from "./MemoryEmulatorStore";

export class FileEmulatorStore extends MemoryEmulatorStore {
  private constructor(
    private readonly filePath: string,
    state: EmulatorState,
  ) {
    super(state);
  }

  /** Loads `filePath` when it exists; otherwise starts from `initialState()` and saves it at once. */
  static open(filePath: string, initialState: () => EmulatorState): FileEmulatorStore {
    const absolutePath = path.resolve(filePath);
    let state: EmulatorState;
    if (fs.existsSync(absolutePath)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(absolutePath, "utf8"));
      } catch (error) {
        throw new Error(`Cannot read emulator data file ${absolutePath}: ${(error as Error).message}`);
      }
      assertEmulatorState(parsed, absolutePath);
      state = parsed;
    } else {
      fs.mkdirSync(path.dirname(absolutePath), { recursive: true });
      state = initialState();
    }
    const store = new FileEmulatorStore(absolutePath, state);
    store.removeTemporaryFiles();
    store.save();
    return store;
  }

  override update<T>(mutate: (state: EmulatorState) => T): T {
    const result = super.update(mutate);
    this.save();
    return result;
  }

  /** Temporary files a killed process left behind hold at most an unacknowledged write: discard them. */
  private removeTemporaryFiles(): void {
    const prefix = temporaryPrefix(this.filePath);
    for (const name of fs.readdirSync(path.dirname(this.filePath))) {
      if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(path.dirname(this.filePath), name), { force: true });
    }
  }

  private save(): void {
    const directory = path.dirname(this.filePath);
    const temporaryPath = path.join(directory, `${temporaryPrefix(this.filePath)}${process.pid}.tmp`);
    const descriptor = fs.openSync(temporaryPath, "w", 0o600);
    try {
      fs.writeFileSync(descriptor, JSON.stringify(this.state));
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporaryPath, this.filePath);
    syncDirectory(directory);
  }
}

function temporaryPrefix(filePath: string): string {
  return `.${path.basename(filePath)}.`;
}

/** Makes the rename itself durable; some platforms cannot open a directory, which is then best effort. */
function syncDirectory(directory: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(directory, "r");
    fs.fsyncSync(descriptor);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

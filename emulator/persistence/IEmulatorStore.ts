// Where the emulator keeps its state, behind one interface so memory and file storage are
// interchangeable (chosen by whether a data file is given).

import { EmulatorState } from "./emulatorState";

export interface IEmulatorStore {
  /** The current state. Read-only for callers: change it only inside `update`. */
  read(): EmulatorState;
  /**
   * Applies `mutate` to the state and makes the result durable before returning, so a change is
   * acknowledged only once it is stored. `mutate` must check everything before it changes anything.
   */
  update<T>(mutate: (state: EmulatorState) => T): T;
}

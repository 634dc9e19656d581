// State kept in memory only: the default, and what every test that needs no restart uses.

import { EmulatorState } from "./emulatorState";
import { IEmulatorStore } from "./IEmulatorStore";

export class MemoryEmulatorStore implements IEmulatorStore {
  constructor(protected state: EmulatorState) {}

  read(): EmulatorState {
    return this.state;
  }

  update<T>(mutate: (state: EmulatorState) => T): T {
    return mutate(this.state);
  }
}

// Which flows a gathering writes now and which wait for the next one: a pure rule over the edits waiting.
// The engine hands over at most `--parallel` operations and the next ones only as earlier ones finish, so a
// flow whose edits wait while another flow is written may be joined by the operations that write frees.

/** One flow with edits waiting for its next write. */
export interface WaitingFlow {
  flowId: string;
  /** Edits waiting for the flow's next write. */
  edits: number;
  /**
   * Edits of this flow that may still come besides those waiting (for removals: the stack's other calls in
   * it, not asked for yet); undefined when nothing says (a create may always be followed by another).
   */
  expected?: number;
  /** Written now whatever else waits: an edit must go alone, the read failed, or an edit has waited long enough. */
  due: boolean;
}

export interface Gathering {
  /** In the order their edits arrived. */
  waiting: readonly WaitingFlow[];
  /** Rounds of other flows under way (reading, writing, or waiting out a conflict's backoff). */
  roundsUnderWay: number;
  /** Whether new edits arrived after the last round settled: the engine had more operations waiting for a slot. */
  moreHandedOver: boolean;
  /** Whether the engine is still handing operations over: the last edit arrived only a short while ago. */
  stillHandingOver: boolean;
}

/**
 * The flows to write now. Flows that are due, or whose waiting edits are all that can come, go at once. Any
 * other flow waits while a round is under way: its settling frees the engine's slots, and what the engine
 * hands over next may be for a waiting flow. With nothing under way something is always written, so a wait
 * never holds every slot: every flow when nothing suggests more is coming, else the flow with the most edits
 * waiting (the one expecting fewest more among equals), and beside it every flow unlikely to gain an edit
 * from the operations that write lets through (`likelyToGain`).
 *
 * More may come when the last settled round was followed by new edits, or when some flow still calls for
 * edits that have not arrived (its stack's other calls) while the engine is still handing operations over
 * (a flow keeping calls the engine will not remove stops waiting once it has stopped handing them over).
 */
export function flowsToWriteNow(gathering: Gathering): string[] {
  const { waiting } = gathering;
  if (waiting.length === 0) return [];
  const now = waiting.filter((flow) => flow.due || flow.expected === 0);
  if (now.length > 0 || gathering.roundsUnderWay > 0) return now.map((flow) => flow.flowId);
  const moreMayCome = gathering.moreHandedOver || (gathering.stillHandingOver && waiting.some((flow) => (flow.expected ?? 0) > 0));
  if (!moreMayCome) return waiting.map((flow) => flow.flowId);
  const fullest = waiting.reduce((best, flow) =>
    flow.edits > best.edits || (flow.edits === best.edits && (flow.expected ?? Number.POSITIVE_INFINITY) < (best.expected ?? Number.POSITIVE_INFINITY)) ? flow : best,
  );
  return waiting.filter((flow) => flow === fullest || !likelyToGain(flow, fullest.edits, waiting)).map((flow) => flow.flowId);
}

/** The least chance of gaining an edit from the next operations that makes a flow worth a wait. */
const WORTH_WAITING = 0.25;

/**
 * Whether `flow` is likely to gain an edit from the `handedOver` operations a write lets through: its share
 * of the edits still expected (of those waiting, where nothing says what is expected) times `handedOver` is at
 * least `WORTH_WAITING`. Among a few flows each expecting many edits, waiting pays; among hundreds of flows
 * each expecting a few, a flow would wait for nothing, and the writes would go one flow after another.
 */
function likelyToGain(flow: WaitingFlow, handedOver: number, waiting: readonly WaitingFlow[]): boolean {
  const share =
    flow.expected === undefined
      ? flow.edits / sum(waiting.map((other) => other.edits))
      : flow.expected / sum(waiting.map((other) => other.expected ?? 0));
  return handedOver * share >= WORTH_WAITING;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

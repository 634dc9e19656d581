// Where an Architect flow keeps the ownership marker of each call: Archy actions carry no field of free
// text, so the marker is a line of the flow's description, one per call, that people can read in Architect.
// Pure text edits that give the description back exactly as it was once a call's line is removed.

const LINE = /^subflow-wiring: call ("(?:[^"\\]|\\.)*") is managed by stack ("(?:[^"\\]|\\.)*")$/;

/** The line saying `stack` manages the call `triggerId`. */
export function ownershipLine(triggerId: string, stack: string): string {
  return `subflow-wiring: call ${JSON.stringify(triggerId)} is managed by stack ${JSON.stringify(stack)}`;
}

/** Trigger ID -> stack, for every ownership line in the description (a line given twice: the last). */
export function ownershipLinesOf(description: string | undefined): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of (description ?? "").split("\n")) {
    const match = LINE.exec(line.replace(/\r$/, ""));
    if (!match) continue;
    try {
      owners.set(JSON.parse(match[1]) as string, JSON.parse(match[2]) as string);
    } catch {
      // A line someone edited into something else is no marker.
    }
  }
  return owners;
}

/**
 * The description with the call's line set to `stack`, or removed (`stack` undefined). A new line goes last,
 * after a line break; removing it takes that line break too, so a description gets back the text it had.
 */
export function withOwnershipLine(description: string | undefined, triggerId: string, stack: string | undefined): string | undefined {
  // An empty description is one empty line, and no description none: each comes back as it was.
  const lines = description === undefined ? [] : description.split("\n");
  const index = lines.findIndex((line) => ownershipLinesOf(line).has(triggerId));
  if (stack === undefined) {
    if (index === -1) return description;
    lines.splice(index, 1);
    return lines.length === 0 ? undefined : lines.join("\n");
  }
  const line = ownershipLine(triggerId, stack);
  if (index !== -1) lines[index] = line;
  else lines.push(line);
  return lines.join("\n");
}

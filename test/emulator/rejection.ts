// Test helper: what the SDK rejects a call with, for tests that expect an error answer from the emulator.

/** The extended response of a call that is expected to fail (extended responses must be on). */
export async function rejection(promise: Promise<unknown>): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; headers: Record<string, string>; body: Record<string, unknown> };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

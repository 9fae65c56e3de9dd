/** The rejection of `p` (fails the test when it resolves), typed loosely for asserting on AppErrors. */
export async function errorOf(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; details?: any }> {
  try {
    await p;
  } catch (e) {
    return e as any;
  }
  throw new Error('expected a rejection');
}

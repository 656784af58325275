export default async function globalTeardown(): Promise<void> {
  await globalThis.__HANDOFF_PG__?.stop();
}

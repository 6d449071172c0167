// A test helper for Node (no dependencies): starts the `secmock` binary on free ports
// with a manual clock, waits for its ready file (`--ready-file`) and gives back what the
// file says — each API's `url` and demo `credentials` (under `apis`), the admin API's
// `url` (under `admin`) — and a `stop()` that ends the process.
//
//   import { startSecmock } from "./secmock.mjs";
//   const secmock = await startSecmock();
//   const kolega = secmock.apis.kolega.url;
//   ...
//   await secmock.stop();
//
// The binary is `SECMOCK_BIN`, else `target/debug/secmock` of this checkout; `args` adds
// flags (`["--scenario", "securescan-ci"]`).

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function startSecmock({ args = [], timeoutMs = 60_000 } = {}) {
  const binary = process.env.SECMOCK_BIN ?? join(ROOT, "target", "debug", "secmock");
  const dir = await mkdtemp(join(tmpdir(), "secmock-"));
  const readyFile = join(dir, "ready.json");
  const child = spawn(binary, ["--free-ports", "--clock", "manual", "--ready-file", readyFile, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  let failure = null;
  child.once("error", (e) => (failure = e));
  for (;;) {
    if (failure) {
      await stop();
      throw new Error(`secmock could not start (${binary}): ${failure.message}`);
    }
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`secmock exited with ${child.exitCode} before it was ready:\n${stderr}`);
    }
    try {
      // The file is written whole, by a rename: once it exists it parses.
      const ready = JSON.parse(await readFile(readyFile, "utf8"));
      return { ...ready, stop };
    } catch (e) {
      if (e.code !== "ENOENT") {
        await stop();
        throw e;
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`secmock was not ready within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The first demo key starting with `prefix` among an API's banner lines. */
export function demoKey(api, prefix) {
  for (const line of api.credentials) {
    const key = line.split(/\s+/).find((word) => word.startsWith(prefix));
    if (key) return key;
  }
  throw new Error(`no ${prefix} key in ${JSON.stringify(api.credentials)}`);
}

// Starts a real Learnloop server for the browser tests: the demo organisation in a fresh
// SQLite file on a free loopback port. The binary is $LEARNLOOP_BIN, else the release build,
// else the debug build.
import { spawn } from "node:child_process";
import http from "node:http";
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function learnloopBinary() {
  const fromEnv = process.env.LEARNLOOP_BIN;
  if (fromEnv) {
    // Relative to where the command was typed (npm sets INIT_CWD), else to the repository.
    const bases = [process.env.INIT_CWD, process.cwd(), repoRoot].filter(Boolean);
    const bin = bases.map((base) => path.resolve(base, fromEnv)).find((candidate) => existsSync(candidate));
    if (!bin) throw new Error(`LEARNLOOP_BIN=${fromEnv}: no such file`);
    return bin;
  }
  for (const candidate of ["target/release/learnloop", "target/debug/learnloop"]) {
    const bin = path.join(repoRoot, candidate);
    if (existsSync(bin)) return bin;
  }
  throw new Error(
    "No learnloop binary: run `cargo build --release -p learnloop-cli` or set LEARNLOOP_BIN",
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** GET /healthz without keep-alive (a pooled socket would hold the test process open). */
function healthy(baseURL) {
  return new Promise((resolve) => {
    const request = http.get(`${baseURL}/healthz`, { agent: false, timeout: 2000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => {
        try {
          resolve(response.statusCode === 200 && JSON.parse(body).status === "ok");
        } catch {
          resolve(false);
        }
      });
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

const running = new Set();
const tempDirs = new Set();
const killAll = () => {
  for (const child of running) child.kill("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
};
process.on("exit", killAll);
// Interrupted (Ctrl-C, or the test runner cancelling): leave no server behind.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

async function startOnce(bin) {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "learnloop-e2e-"));
  tempDirs.add(dir);
  const databaseUrl = `sqlite://${path.join(dir, "e2e.db")}`;
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" };
  // Settings from the caller's environment must not change what the tests see.
  for (const name of [
    "DATABASE_URL",
    "LEARNLOOP_ADDR",
    "LEARNLOOP_PUBLIC_URL",
    "LEARNLOOP_SECURE_COOKIES",
  ]) {
    delete env[name];
  }
  const child = spawn(
    bin,
    ["demo", "--database-url", databaseUrl, "--addr", `127.0.0.1:${port}`],
    { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const done = await Promise.race([exit, sleep(5000).then(() => null)]);
      if (!done) {
        child.kill("SIGKILL");
        await exit;
      }
    }
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await rm(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
      return { failed: `learnloop exited (${exited.code ?? exited.signal}) before it was ready:\n${output}` };
    }
    if (await healthy(baseURL)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`learnloop did not answer /healthz within 60 s:\n${output}`);
    }
    await sleep(100);
  }

  // The demo prints its public (anonymous, no sign-in) reporting link once it is ready.
  const link = output.match(/Public reporting link[^\n]*?(https?:\/\/\S+\/r\/([A-Za-z0-9_-]+))/);
  if (!link) {
    await stop();
    throw new Error(`learnloop did not print a public reporting link:\n${output}`);
  }
  return {
    baseURL,
    publicKey: link[2],
    publicPath: `/r/${link[2]}`,
    output: () => output,
    stop,
  };
}

/** Start the demo server; retried once in case another process took the port first. */
export async function startServer() {
  const bin = learnloopBinary();
  let result = await startOnce(bin);
  if (result.failed && /address|in use/i.test(result.failed)) result = await startOnce(bin);
  if (result.failed) throw new Error(result.failed);
  return result;
}

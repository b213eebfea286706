// Runs `wrangler dev` for the tests and takes it down with them: wrangler starts workerd and
// esbuild as children, and a test binary that ends (or is killed) runs no destructor for a server
// it shares between tests. This supervisor starts wrangler in a process group of its own and
// ends that whole group when its stdin closes, which happens however the test process ends.
//
// usage: node supervise.mjs <path of wrangler/bin/wrangler.js> <wrangler args…>
import { spawn } from "node:child_process";

const [wrangler, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, [wrangler, ...args], {
  detached: true,
  stdio: ["ignore", "inherit", "inherit"],
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  const group = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  group("SIGTERM");
  // wrangler stops workerd on SIGTERM; whatever is left after a moment is killed.
  setTimeout(() => {
    group("SIGKILL");
    process.exit(0);
  }, 3000).unref();
}

process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("SIGHUP", stop);
child.on("exit", (code, signal) => {
  if (!stopping) {
    console.error(`wrangler dev exited on its own (code ${code}, signal ${signal})`);
  }
  // Take down anything the group left behind, then follow it.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {}
  process.exit(code ?? 1);
});

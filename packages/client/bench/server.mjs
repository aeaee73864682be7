// A loopback HTTP server for the benchmark: answers GET /companies with one company list, fast.
import { createServer } from "node:http";

const body = process.argv[2];
const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
// Port 0: the system picks a free port; the line below says which.
server.listen(0, "127.0.0.1", () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);

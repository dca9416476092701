#!/usr/bin/env python3
"""An HTTP/1.1 proxy that delays every request by a fixed time, like a distant AWS Region.

    scripts/latency_proxy.py --upstream http://127.0.0.1:5000 --delay-ms 50 [--port 0]
                             [--port-file FILE]

Listens on 127.0.0.1 (port 0: a free one, printed as `listening on 127.0.0.1:PORT` and
written to --port-file), and forwards every request, after the delay, to the upstream server
(moto), one upstream connection per client connection, so concurrent clients are concurrent
upstream too. Keep-alive is the client's business: a client connection stays open until the
client closes it or asks to (`Connection: close`, HTTP/1.0), whatever the upstream does; an
upstream connection that closes is reopened for the next request. Bodies are framed by
`Content-Length` or `Transfer-Encoding: chunked` (either way they are forwarded with a
`Content-Length`), answers also by the end of the connection; `Expect: 100-continue` is
answered by the proxy. Bounded: headers 64 KiB, bodies 256 MiB, an idle client connection is
closed after 120 s, an upstream answer waited for 300 s at most.

`GET /__proxy/stats` (not delayed, not counted) answers the number of requests forwarded, in
total and by AWS service (from the SigV4 credential scope), as JSON. Python 3 standard library
only. SIGTERM and SIGINT stop it.
"""

import argparse
import asyncio
import json
import os
import re
import signal
import sys
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024
MAX_BODY = 256 * 1024 * 1024
IDLE_TIMEOUT = 120.0
UPSTREAM_TIMEOUT = 300.0
# Hop-by-hop headers (RFC 9110 section 7.6.1) and the body framing, which the proxy sets itself.
HOP_BY_HOP = {
    b"connection",
    b"keep-alive",
    b"proxy-connection",
    b"te",
    b"trailer",
    b"transfer-encoding",
    b"upgrade",
    b"content-length",
    b"expect",
}
SCOPE = re.compile(rb"Credential=[^/,\s]+/\d{8}/[^/,\s]+/([^/,\s]+)/aws4_request")


class BadMessage(Exception):
    """A message the proxy cannot frame; the connection is closed."""


class Stats:
    def __init__(self):
        self.requests = 0
        self.by_service = {}

    def count(self, headers):
        self.requests += 1
        service = "unsigned"
        authorization = header(headers, b"authorization")
        if authorization is not None:
            found = SCOPE.search(authorization)
            if found:
                service = found.group(1).decode("ascii", "replace")
        self.by_service[service] = self.by_service.get(service, 0) + 1

    def json(self):
        return json.dumps(
            {"requests": self.requests, "by_service": dict(sorted(self.by_service.items()))}
        ).encode()


def header(headers, name):
    """The value of the last header `name` (lowercase bytes), or None."""
    value = None
    for key, found in headers:
        if key.lower() == name:
            value = found
    return value


def tokens(headers, name):
    value = header(headers, name)
    if value is None:
        return set()
    return {token.strip().lower() for token in value.split(b",")}


async def read_head(reader):
    """The start line and headers of a message; None at a clean end of the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial.strip():
            return None
        raise BadMessage("connection closed inside a message head")
    except asyncio.LimitOverrunError:
        raise BadMessage("message head larger than 64 KiB")
    lines = head[:-4].split(b"\r\n")
    start, headers = lines[0], []
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:  # obsolete line folding
            key, value = headers[-1]
            headers[-1] = (key, value + b" " + line.strip())
            continue
        key, colon, value = line.partition(b":")
        if not colon or not key or key != key.strip():
            raise BadMessage(f"malformed header line {line[:80]!r}")
        headers.append((key, value.strip()))
    return start, headers


async def read_chunked(reader):
    body = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BadMessage(f"malformed chunk size {size_line[:40]!r}")
        if size < 0 or len(body) + size > MAX_BODY:
            raise BadMessage("body larger than 256 MiB")
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers: dropped
                pass
            return bytes(body)
        body += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise BadMessage("chunk not followed by CRLF")


async def read_body(reader, headers, until_close):
    """The body framed by `headers`; `until_close`: without framing, read to the end."""
    if b"chunked" in tokens(headers, b"transfer-encoding"):
        return await read_chunked(reader)
    length = header(headers, b"content-length")
    if length is not None:
        try:
            size = int(length)
        except ValueError:
            raise BadMessage(f"malformed Content-Length {length[:40]!r}")
        if size < 0 or size > MAX_BODY:
            raise BadMessage("body larger than 256 MiB or negative")
        return await reader.readexactly(size)
    if until_close:
        body = bytearray()
        while chunk := await reader.read(65536):
            body += chunk
            if len(body) > MAX_BODY:
                raise BadMessage("body larger than 256 MiB")
        return bytes(body)
    return b""


def message(start, headers, body, extra, length=b""):
    """A message without hop-by-hop headers, framed by Content-Length: `length` (`None`: no
    Content-Length, for a 204 or 304; bytes: that value, for the answer to a HEAD), or by
    default the body's own."""
    out = bytearray(start + b"\r\n")
    for key, value in headers:
        if key.lower() not in HOP_BY_HOP:
            out += key + b": " + value + b"\r\n"
    for key, value in extra:
        out += key + b": " + value + b"\r\n"
    if length == b"":
        length = str(len(body)).encode()
    if length is not None:
        out += b"Content-Length: " + length + b"\r\n"
    out += b"\r\n" + body
    return bytes(out)


def status_code(start):
    parts = start.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise BadMessage(f"malformed status line {start[:80]!r}")
    return int(parts[1])


class Upstream:
    """One keep-alive connection to the upstream server, reopened when it closes."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(self, request, method):
        # A kept-alive connection the server closed meanwhile fails at once: retry on a new one
        # (requests are only sent again when nothing came back).
        for attempt in (0, 1):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, limit=MAX_HEAD
                )
            try:
                self.writer.write(request)
                await self.writer.drain()
                head = await read_head(self.reader)
                if head is None:
                    raise ConnectionResetError("upstream closed the connection")
            except ConnectionError:
                self.close()
                if fresh or attempt:
                    raise
                continue
            start, headers = head
            status = status_code(start)
            while 100 <= status < 200:  # interim answers (100 Continue): skipped
                head = await read_head(self.reader)
                if head is None:
                    raise ConnectionResetError("upstream closed the connection")
                start, headers = head
                status = status_code(start)
            closes = b"close" in tokens(headers, b"connection") or (
                start.startswith(b"HTTP/1.0") and b"keep-alive" not in tokens(headers, b"connection")
            )
            if status in (204, 304):
                body, length = b"", None
            elif method == b"HEAD":
                # The Content-Length of a HEAD answer describes the GET's body: kept, no body.
                body, length = b"", header(headers, b"content-length")
            else:
                body, length = await read_body(self.reader, headers, until_close=True), b""
                framed = header(headers, b"content-length") is not None or (
                    b"chunked" in tokens(headers, b"transfer-encoding")
                )
                closes = closes or not framed
            if closes:
                self.close()
            return start, headers, body, length
        raise AssertionError("unreachable")


async def serve_client(reader, writer, args, stats):
    upstream = Upstream(args.upstream_host, args.upstream_port)
    try:
        while True:
            try:
                head = await asyncio.wait_for(read_head(reader), IDLE_TIMEOUT)
            except asyncio.TimeoutError:
                return
            if head is None:
                return
            start, headers = head
            parts = start.split(b" ")
            if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
                raise BadMessage(f"malformed request line {start[:80]!r}")
            method, target, version = parts
            keep_alive = (
                b"close" not in tokens(headers, b"connection")
                if version == b"HTTP/1.1"
                else b"keep-alive" in tokens(headers, b"connection")
            )
            if b"100-continue" in tokens(headers, b"expect"):
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                await writer.drain()
            body = await read_body(reader, headers, until_close=False)
            connection = [(b"Connection", b"keep-alive" if keep_alive else b"close")]
            if method == b"GET" and target.split(b"?", 1)[0] == b"/__proxy/stats":
                answer = message(
                    b"HTTP/1.1 200 OK",
                    [(b"Content-Type", b"application/json")],
                    stats.json(),
                    connection,
                )
            else:
                stats.count(headers)
                await asyncio.sleep(args.delay_ms / 1000)
                request = message(
                    start, headers, body, [(b"Connection", b"keep-alive")]
                )
                try:
                    status, response_headers, response_body, length = await asyncio.wait_for(
                        upstream.exchange(request, method), UPSTREAM_TIMEOUT
                    )
                except (
                    OSError,
                    BadMessage,
                    asyncio.TimeoutError,
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                ) as error:
                    upstream.close()
                    text = f"latency proxy: upstream failed: {error}\n".encode()
                    writer.write(
                        message(
                            b"HTTP/1.1 502 Bad Gateway",
                            [(b"Content-Type", b"text/plain")],
                            text,
                            [(b"Connection", b"close")],
                        )
                    )
                    await writer.drain()
                    return
                answer = message(status, response_headers, response_body, connection, length)
            writer.write(answer)
            await writer.drain()
            if not keep_alive:
                return
    except (BadMessage, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        print(f"latency proxy: closing a client connection: {error}", file=sys.stderr)
    except ConnectionError:
        pass
    finally:
        upstream.close()
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--upstream", required=True, help="http://HOST:PORT of the server")
    parser.add_argument("--delay-ms", type=float, default=50.0, help="delay of every request")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--port-file", help="write the port there once listening")
    args = parser.parse_args()
    upstream = urlsplit(args.upstream)
    if upstream.scheme != "http" or not upstream.hostname or not upstream.port:
        parser.error(f"--upstream `{args.upstream}`: expected http://HOST:PORT")
    if not 0 <= args.delay_ms <= 60_000:
        parser.error(f"--delay-ms `{args.delay_ms}`: expected 0 to 60000")
    args.upstream_host, args.upstream_port = upstream.hostname, upstream.port
    stats = Stats()
    server = await asyncio.start_server(
        lambda r, w: serve_client(r, w, args, stats),
        "127.0.0.1",
        args.port,
        limit=MAX_HEAD,
        backlog=1024,
    )
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"listening on 127.0.0.1:{port}, {args.delay_ms:g} ms before {args.upstream}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    print(f"latency proxy: {stats.requests} request(s) forwarded", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())

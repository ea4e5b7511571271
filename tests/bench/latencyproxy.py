#!/usr/bin/python3
"""A TCP proxy that delays every byte by a fixed time in each direction.

Used by resolve-tags.sh to measure clients against a registry that is a network round trip
away, as real registries are, instead of one on loopback with no latency at all:

    latencyproxy.py --listen 127.0.0.1:0 --upstream 127.0.0.1:5000 --delay-ms 10

prints the port it listens on, then forwards until killed. Data is delayed, not throttled:
chunks keep their order and follow each other as fast as they arrived.
"""
import argparse
import asyncio
import sys
import time


async def pipe(reader, writer, delay):
    queue = asyncio.Queue()

    async def receive():
        while True:
            chunk = await reader.read(65536)
            await queue.put((time.monotonic() + delay, chunk))
            if not chunk:
                return

    async def send():
        while True:
            due, chunk = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                writer.close()
                return
            writer.write(chunk)
            await writer.drain()

    try:
        await asyncio.gather(receive(), send())
    except (ConnectionError, asyncio.IncompleteReadError):
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1:0")
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--delay-ms", type=float, required=True, help="one-way delay")
    options = parser.parse_args()
    delay = options.delay_ms / 1000.0
    upstream_host, upstream_port = options.upstream.rsplit(":", 1)

    async def connection(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(upstream_host, int(upstream_port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, delay),
                             pipe(server_reader, client_writer, delay),
                             return_exceptions=True)

    host, port = options.listen.rsplit(":", 1)
    server = await asyncio.start_server(connection, host, int(port))
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

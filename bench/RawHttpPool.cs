using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Microcredit.Bench;

/// <summary>
/// A lean HTTP/1.1 client for the load generator: keep-alive connections over loopback, one
/// request at a time each (no pipelining), responses read to the end of their body (Content-Length
/// or chunked). HttpClient spent 0.29 ms of CPU per decision in the bench process (0.32 ms per
/// health check against the service's 0.11), a core's third at 1,000/s taken from the service it
/// measures on a 2-core machine; this spends a fraction of that. It checks only what the figures
/// need: the status code and where the response ends.
/// </summary>
internal sealed class RawHttpPool(Uri address, int connections) : IDisposable
{
    private readonly IPEndPoint endPoint = new(IPAddress.Parse(address.Host), address.Port);
    private readonly string host = $"Host: {address.Authority}\r\n";
    private readonly SemaphoreSlim slots = new(connections, connections);
    // Last in, first out: a light load reuses few connections (warm in the service's caches).
    private readonly ConcurrentStack<Connection> idle = new();

    /// <summary>The request as bytes: request line, Host, the message's headers and content headers, Content-Length, body.</summary>
    public async Task<byte[]> SerializeAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var head = new StringBuilder(256);
        head.Append(request.Method.Method).Append(' ').Append(request.RequestUri!.OriginalString).Append(" HTTP/1.1\r\n").Append(host);
        var headers = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)));
        foreach (var header in headers)
        {
            head.Append(header.Key).Append(": ").AppendJoin(", ", header.Value).Append("\r\n");
        }

        if (request.Content is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary>Sends <paramref name="request"/> and returns the response's status code once its body has arrived.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        await slots.WaitAsync().ConfigureAwait(false);
        var connection = idle.TryPop(out var kept) ? kept : null;
        try
        {
            connection ??= await Connection.OpenAsync(endPoint).ConfigureAwait(false);
            var status = await connection.ExchangeAsync(request).ConfigureAwait(false);
            idle.Push(connection);
            connection = null;
            return status;
        }
        finally
        {
            connection?.Dispose();
            slots.Release();
        }
    }

    public void Dispose()
    {
        while (idle.TryPop(out var connection))
        {
            connection.Dispose();
        }

        slots.Dispose();
    }

    private sealed class Connection(Socket socket) : IDisposable
    {
        private byte[] buffer = new byte[16 * 1024];

        // Bytes of the next response already received (none: one request at a time).
        private int filled;

        public static async Task<Connection> OpenAsync(IPEndPoint endPoint)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                return new Connection(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task<int> ExchangeAsync(byte[] request)
        {
            await socket.SendAsync(request, SocketFlags.None).ConfigureAwait(false);
            filled = 0;
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                await ReceiveAsync().ConfigureAwait(false);
            }

            var (status, length, chunked) = ParseHead(buffer.AsSpan(0, headEnd + 2));
            var bodyStart = headEnd + 4;
            if (!chunked)
            {
                while (filled < bodyStart + length)
                {
                    await ReceiveAsync().ConfigureAwait(false);
                }

                return status;
            }

            // Chunked: size line, data, CRLF, until the zero-size chunk and its closing CRLF.
            var at = bodyStart;
            while (true)
            {
                int lineEnd;
                while ((lineEnd = buffer.AsSpan(at, filled - at).IndexOf("\r\n"u8)) < 0)
                {
                    await ReceiveAsync().ConfigureAwait(false);
                }

                var size = Convert.ToInt32(Encoding.ASCII.GetString(buffer, at, lineEnd).Split(';')[0], 16);
                at += lineEnd + 2 + size + 2;
                while (filled < at)
                {
                    await ReceiveAsync().ConfigureAwait(false);
                }

                if (size == 0)
                {
                    return status;
                }
            }
        }

        public void Dispose() => socket.Dispose();

        private async Task ReceiveAsync()
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The service closed the connection.");
            }

            filled += read;
        }

        private static (int Status, int Length, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
        {
            // "HTTP/1.1 201 Created\r\n": the code is bytes 9..11.
            if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
            {
                throw new IOException("The response does not start with an HTTP/1.1 status line.");
            }

            var length = 0;
            var chunked = false;
            foreach (var range in head.Split("\r\n"u8))
            {
                var line = head[range];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim((byte)' ');
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out length, out _))
                    {
                        throw new IOException("The response's Content-Length is not a number.");
                    }
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    chunked = value.IndexOf("chunked"u8) >= 0;
                }
            }

            return (status, length, chunked);
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace Microcredit.Underwriting.Tests.Resilience;

/// <summary>
/// A loopback port that forwards every connection to a server, and can be cut: <see cref="Cut"/>
/// resets every open connection and refuses new ones, as a database that went away would;
/// <see cref="Restore"/> listens on the same port again. The service under test connects through it.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint server;
    private readonly List<Socket> open = [];
    private Socket? listener;
    private Task accepting = Task.CompletedTask;

    private TcpRelay(IPEndPoint server)
    {
        this.server = server;
        Port = Listen(0);
    }

    public int Port { get; }

    public static TcpRelay To(string host, int port) =>
        new(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port));

    /// <summary>Closes the listener and resets every forwarded connection (no FIN handshake: like a crash).</summary>
    public async Task CutAsync()
    {
        listener?.Dispose();
        listener = null;
        await accepting;
        lock (open)
        {
            foreach (var socket in open)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }

            open.Clear();
        }
    }

    public void Restore() => Listen(Port);

    public async ValueTask DisposeAsync() => await CutAsync();

    private int Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(64);
        listener = socket;
        accepting = AcceptAsync(socket);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptAsync(Socket socket)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await upstream.ConnectAsync(server);
            lock (open)
            {
                open.Add(client);
                open.Add(upstream);
            }

            _ = PipeAsync(client, upstream);
            _ = PipeAsync(upstream, client);
        }
    }

    private static async Task PipeAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read));
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut, or the other side went away: the other pipe ends too.
        }
    }
}

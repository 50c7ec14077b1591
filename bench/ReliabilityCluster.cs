using System.Diagnostics;

namespace Microcredit.Bench;

/// <summary>
/// The harness's own throwaway PostgreSQL server, run through .ci/postgres.sh (the cluster CI's
/// tests use, on a port of its own) so that the outage phase can stop it and start it again
/// without touching any other server. Removed with its data when disposed.
/// </summary>
internal sealed class ReliabilityCluster : IAsyncDisposable
{
    private readonly string script;
    private readonly Dictionary<string, string> environment;

    private ReliabilityCluster(string script, Dictionary<string, string> environment, int port)
    {
        this.script = script;
        this.environment = environment;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=microcredit_reliability";

    public static async Task<ReliabilityCluster> StartAsync(string repository, int port)
    {
        var script = Path.Combine(repository, ".ci", "postgres.sh");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var output = await BashAsync(script, environment, """pg_start && printf '%s\n%s\n%s\n' "$PG_DATA" "$PG_BIN" "$PG_RUN_AS" """);
        var lines = output.Split('\n');
        environment["PG_DATA"] = lines[0];
        environment["PG_BIN"] = lines[1];
        environment["PG_RUN_AS"] = lines.Length > 2 ? lines[2] : "";
        Console.WriteLine($"PostgreSQL: the harness's own server on 127.0.0.1:{port} (data in {lines[0]})");
        return new ReliabilityCluster(script, environment, port);
    }

    /// <summary>pg_ctl stop -m fast: sessions are ended, the server goes away; its data stays.</summary>
    public Task DownAsync() => BashAsync(script, environment, "pg_down");

    /// <summary>pg_ctl start -w: returns once the server accepts connections.</summary>
    public Task UpAsync() => BashAsync(script, environment, "pg_up");

    public async ValueTask DisposeAsync() => await BashAsync(script, environment, "pg_stop");

    private static async Task<string> BashAsync(string script, Dictionary<string, string> environment, string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source \"{script}\" && {command}");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/postgres.sh {command} failed with {process.ExitCode}: {await stderr}");
        }

        return (await stdout).TrimEnd('\n');
    }
}

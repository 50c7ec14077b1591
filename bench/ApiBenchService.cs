using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Microcredit.Bench;

/// <summary>
/// The underwriting service as its own process on a free loopback port, built Release from the
/// repository, configured only through its environment, ready once /health answers.
/// </summary>
internal sealed class ApiBenchService : IAsyncDisposable
{
    private readonly Process process;

    private ApiBenchService(Process process, Uri address, string log)
    {
        this.process = process;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }

    public string Log { get; }

    public int ProcessId => process.Id;

    /// <summary>CPU the service has used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Builds src/Underwriting Release and returns the path of its assembly.</summary>
    public static string Build(string repository)
    {
        var project = Path.Combine(repository, "src", "Underwriting", "Underwriting.csproj");
        Run("dotnet", $"build \"{project}\" -c Release -nologo -v q -clp:ErrorsOnly");
        return Path.Combine(repository, "src", "Underwriting", "bin", "Release", "net10.0", "Microcredit.Underwriting.dll");
    }

    public static async Task<ApiBenchService> StartAsync(string assembly, string database, string log, bool perfMap, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", $"\"{assembly}\" --urls {address.ToString().TrimEnd('/')}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["Database"] = database;
        start.Environment["Clock__Today"] = "2026-11-01";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("MICROCREDIT_DATABASE");
        if (perfMap)
        {
            // perf resolves JIT-compiled frames through /tmp/perf-PID.map; W^X double mapping hides them.
            start.Environment["DOTNET_PerfMapEnabled"] = "1";
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ApiBenchService(process, address, log);

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {process.ExitCode} during start-up; see {log}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await service.DisposeAsync();
        throw new TimeoutException($"the service did not answer /health within 60 s; see {log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not start {file}");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed with {process.ExitCode}");
        }
    }
}

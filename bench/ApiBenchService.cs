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
    private readonly LogFile writer;

    private ApiBenchService(Process process, LogFile writer, Uri address, string log)
    {
        this.process = process;
        this.writer = writer;
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
        return Assembly(repository);
    }

    /// <summary>Where the Release build of src/Underwriting puts its assembly.</summary>
    public static string Assembly(string repository) =>
        Path.Combine(repository, "src", "Underwriting", "bin", "Release", "net10.0", "Microcredit.Underwriting.dll");

    /// <summary>Builds src/Jobs Release (and with it src/Underwriting) and returns the path of the <c>credit</c> assembly.</summary>
    public static string BuildCli(string repository)
    {
        var project = Path.Combine(repository, "src", "Jobs", "Jobs.csproj");
        Run("dotnet", $"build \"{project}\" -c Release -nologo -v q -clp:ErrorsOnly");
        return CliAssembly(repository);
    }

    public static string CliAssembly(string repository) => Path.Combine(repository, "src", "Jobs", "bin", "Release", "net10.0", "credit.dll");

    /// <summary>
    /// Starts the service on <paramref name="database"/>; its stdout and stderr are appended to
    /// <paramref name="log"/> (a restarted service keeps one log). Returns once /health answers.
    /// </summary>
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
        var writer = new LogFile(log);
        process.OutputDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ApiBenchService(process, writer, address, log);

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

    /// <summary>
    /// SIGKILL (kill -9) to the service and its children, as a crash or an OOM kill would end it: no
    /// shutdown, no flush, whatever was in flight cut off. Returns once the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        writer.Dispose();
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

    /// <summary>Lines appended to a file from both output streams; lines arriving after it is closed are dropped.</summary>
    internal sealed class LogFile(string path) : IDisposable
    {
        private readonly StreamWriter writer = new(path, append: true) { AutoFlush = true };
        private bool closed;

        public void WriteLine(string? line)
        {
            lock (writer)
            {
                if (line is not null && !closed)
                {
                    writer.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            lock (writer)
            {
                closed = true;
                writer.Dispose();
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// `dashboard`: how long each dashboard page takes on the sample platform. The service runs as its
/// own Release process on a database prepared like <c>credit run</c>'s first start plus the
/// nightly jobs (<see cref="DashboardBenchDatabase"/>); a supervisor signs in and GETs every page
/// one request at a time over loopback, after a warm-up. The time is the client's, from sending the
/// request to the end of the body: the server's time plus loopback HTTP, so an upper bound of it.
/// </summary>
internal static partial class DashboardBench
{
    public const string Description = "Dashboard pages over loopback, signed-in supervisor: p50/p95/max per page on the prepared sample (target <= 200 ms); SQLite and PostgreSQL";

    private const string Usage =
        """
        usage: bench dashboard [--engine sqlite|postgres|both] [--requests N] [--warmup N] [--decisions N] [--postgres CONN] [--reuse] [--no-build]
        """;

    /// <summary>
    /// The pages measured, by name and path ({review}: a referred decision's id). A page the service
    /// does not have (404) is reported as absent, so pages of branches not yet merged can be listed.
    /// </summary>
    private static readonly (string Name, string Path)[] Pages =
    [
        ("portfolio (30 days)", "/portfolio"),
        ("portfolio (90 days, credit)", "/portfolio?days=90&product=credit"),
        ("models", "/models"),
        ("jobs", "/jobs"),
        ("review queue", "/reviews"),
        ("review case", "/reviews/{review}"),
        ("audit", "/audit"),
    ];

    private const string Password = "bench password 12";

    public const double TargetMs = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        DatabaseEngine[]? engines = ApiBenchOptions.Text(args, "--engine") switch
        {
            null or "both" => [DatabaseEngine.Sqlite, DatabaseEngine.Postgres],
            "sqlite" => [DatabaseEngine.Sqlite],
            "postgres" => [DatabaseEngine.Postgres],
            _ => null,
        };
        if (engines is null)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var requests = ApiBenchOptions.Number(args, "--requests", 50);
        var warmup = ApiBenchOptions.Number(args, "--warmup", 20);
        var decisions = ApiBenchOptions.Number(args, "--decisions", 600);
        var postgres = ApiBenchOptions.Text(args, "--postgres") ?? Environment.GetEnvironmentVariable("MICROCREDIT_BENCH_POSTGRES") ?? ApiBenchOptions.DefaultPostgres;
        var reuse = args.Contains("--reuse");
        var repository = BenchRepository.Root();
        var scratch = Path.Combine(Path.GetTempPath(), "microcredit-dashboard-bench");
        Directory.CreateDirectory(scratch);
        var assembly = args.Contains("--no-build")
            ? Path.Combine(repository, "src", "Underwriting", "bin", "Release", "net10.0", "Microcredit.Underwriting.dll")
            : ApiBenchService.Build(repository);

        Console.WriteLine($"dashboard bench: {requests} requests per page after {warmup} warm-up; {Environment.ProcessorCount} cores; load average {ApiBench.LoadAverage()}");
        var rows = new List<string>();
        foreach (var engine in engines)
        {
            var name = engine == DatabaseEngine.Sqlite ? "SQLite" : "PostgreSQL";
            var setting = engine == DatabaseEngine.Sqlite
                ? Path.Combine(scratch, "dashboard.db")
                : await ApiBenchPostgres.SchemaAsync(postgres, "dashboard_bench", drop: !reuse);
            if (!reuse && engine == DatabaseEngine.Sqlite)
            {
                BenchRepository.DeleteSqlite(setting);
            }

            var today = reuse ? await DashboardBenchDatabase.PreparedAsync(setting) : null;
            if (today is null)
            {
                Console.WriteLine($"{name}: preparing");
                today = await DashboardBenchDatabase.PrepareAsync(setting, repository, scratch);
            }

            await using var service = await ApiBenchService.StartAsync(
                assembly, setting, Path.Combine(scratch, $"service-{engine.ToString().ToLowerInvariant()}.log"), perfMap: false, [new("Clock__Today", DbTime.ToDb(today.Value))]);
            Console.WriteLine($"{name}: service pid {service.ProcessId} at {service.Address}; decisions {await DashboardBenchDatabase.DecideAsync(setting, service.Address, today.Value, decisions)}");
            var officer = await DashboardBenchDatabase.SupervisorAsync(setting, Password);
            using var client = await SignInAsync(service.Address, officer);
            var review = await DashboardBenchDatabase.ReferredAsync(setting);
            foreach (var (page, template) in Pages)
            {
                var path = template.Replace("{review}", review ?? "none", StringComparison.Ordinal);
                var loadBefore = ApiBench.LoadAverage();
                var result = await MeasureAsync(client, path, warmup, requests);
                var row = result is null
                    ? $"| {name} | {page} | `{path}` | absent (404) | | | | | {loadBefore} |"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {page} | `{path}` | {requests} | {result.P50:F1} | {result.P95:F1} | {result.Max:F1} | {result.Bytes / 1024.0:F0} KiB | {loadBefore} -> {ApiBench.LoadAverage()} |");
                Console.WriteLine(row);
                rows.Add(row);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| engine | page | path | requests | p50 ms | p95 ms | max ms | page size | load average |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private sealed record PageTimes(double P50, double P95, double Max, long Bytes);

    /// <summary>The page's times after <paramref name="warmup"/> unmeasured GETs, or null when the service has no such page.</summary>
    private static async Task<PageTimes?> MeasureAsync(HttpClient client, string path, int warmup, int requests)
    {
        var times = new List<double>(requests);
        long bytes = 0;
        for (var i = 0; i < warmup + requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }

            if (i >= warmup)
            {
                times.Add(elapsed);
                bytes = body.Length;
            }
        }

        times.Sort();
        return new PageTimes(Percentile(times, 50), Percentile(times, 95), times[^1], bytes);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    /// <summary>A client with the supervisor's session cookie (the sign-in form posted with its antiforgery token).</summary>
    private static async Task<HttpClient> SignInAsync(Uri address, string officer)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = TokenPattern().Match(form);
        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["OfficerId"] = officer,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

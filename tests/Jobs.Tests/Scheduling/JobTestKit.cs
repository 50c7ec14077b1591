using System.Globalization;
using System.Text;
using Dapper;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Storage;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Tests.Scheduling;

/// <summary>Set-up shared by the job tests: configuration, a runner, job_runs reads, small histories.</summary>
internal static class JobTestKit
{
    /// <summary>The repository's root, found from this file's own path (the caller's depth does not matter).</summary>
    public static string RepoRoot() => Root();

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    /// <summary>Settings with millisecond retries (production waits minutes).</summary>
    public static IConfiguration Configuration(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Jobs:Retry:Backoff"] = "00:00:00.001" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static JobRunner Runner(Database database, IConfiguration? configuration = null, TimeProvider? time = null) =>
        new(database, time ?? TimeProvider.System, configuration ?? Configuration(), "test-worker");

    public static async Task<long> CountAsync(Database database, string sql, object? parameters = null)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>Writes a CSV file of a header and lines.</summary>
    public static void WriteCsv(string path, string header, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder(header).Append('\n');
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    public static string Instant(DateOnly day, int hour = 10) =>
        day.ToDateTime(new TimeOnly(hour, 0)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public const string MerchantsHeader = "merchant_id,registered_at,category,region,kyc_verified";

    public const string OrdersHeader = "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at";
}

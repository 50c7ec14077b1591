using System.IO.Compression;
using Microcredit.Jobs.Cli;
using Microcredit.Jobs.Tests.Cli;

namespace Microcredit.Jobs.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "microcredit-tests", "simulate-" + Guid.NewGuid().ToString("N"));

    private static readonly string[] Files = ["merchants", "orders", "loans", "installments", "repayments", "loan_orders", "truth", "merchant_truth"];

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_WritesTheGzippedFilesWithTheirHeaders()
    {
        var result = await CliRunner.RunAsync("simulate", "--merchants", "40", "--months", "3", "--end", "2026-10-31", "--seed", "5", "--out", directory, "--gzip");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Simulated 40 merchants", result.Error, StringComparison.Ordinal);
        foreach (var name in Files)
        {
            var path = Path.Combine(directory, name + ".csv.gz");
            Assert.True(File.Exists(path), $"{path} missing");
            await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            Assert.False(string.IsNullOrEmpty(await reader.ReadLineAsync()));
        }

        using var merchants = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(directory, "merchants.csv.gz")), CompressionMode.Decompress));
        var lines = (await merchants.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("merchant_id,registered_at,category,region,kyc_verified", lines[0]);
        Assert.Equal(41, lines.Length);
    }

    [Fact]
    public async Task Simulate_TwiceWithTheSameArguments_WritesIdenticalBytes()
    {
        string[] args = ["simulate", "--merchants", "30", "--months", "2", "--end", "2025-12-31", "--seed", "9"];
        var first = await CliRunner.RunAsync([.. args, "--out", Path.Combine(directory, "a")]);
        var second = await CliRunner.RunAsync([.. args, "--out", Path.Combine(directory, "b")]);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        foreach (var name in Files)
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(directory, "a", name + ".csv")),
                await File.ReadAllBytesAsync(Path.Combine(directory, "b", name + ".csv")));
        }
    }

    [Theory]
    [InlineData("--end", "31/10/2026")]
    [InlineData("--merchants", "0")]
    [InlineData("--months", "0")]
    public async Task Simulate_BadArgument_ExitsWithUsageCode(string option, string value)
    {
        var args = new List<string> { "simulate", "--end", "2026-10-31", "--out", directory };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = await CliRunner.RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_WithoutOut_ExitsWithUsageCode()
    {
        var result = await CliRunner.RunAsync("simulate", "--end", "2026-10-31");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}

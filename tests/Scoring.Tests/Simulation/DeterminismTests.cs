using System.IO.Compression;
using Microcredit.Scoring.Simulation;

namespace Microcredit.Scoring.Tests.Simulation;

public sealed class DeterminismTests : IDisposable
{
    private static readonly SimulationOptions Small = new() { Merchants = 150, Months = 4, End = new DateOnly(2026, 3, 31), Seed = 42 };

    private readonly string root = Path.Combine(Path.GetTempPath(), "microcredit-tests", "det-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task SameOptions_GiveByteIdenticalFiles_WhateverTheThreadCount()
    {
        var one = await RunAsync(Small with { Threads = 1 });
        var two = await RunAsync(Small with { Threads = 2 });
        var four = await RunAsync(Small with { Threads = 4 });

        AssertSameFiles(one, two);
        AssertSameFiles(one, four);
    }

    [Fact]
    public async Task Gzip_IsByteIdenticalAcrossRuns_AndDecompressesToThePlainFiles()
    {
        var plain = await RunAsync(Small);
        var gzipA = await RunAsync(Small with { Gzip = true, Threads = 1 });
        var gzipB = await RunAsync(Small with { Gzip = true, Threads = 3 });

        AssertSameFiles(gzipA, gzipB);
        foreach (var file in Directory.GetFiles(plain))
        {
            var gz = Path.Combine(gzipA, Path.GetFileName(file) + ".gz");
            await using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
            using var decompressed = new MemoryStream();
            await stream.CopyToAsync(decompressed);
            Assert.Equal(await File.ReadAllBytesAsync(file), decompressed.ToArray());
        }
    }

    [Fact]
    public async Task DifferentSeeds_GiveDifferentHistories()
    {
        var a = await RunAsync(Small);
        var b = await RunAsync(Small with { Seed = 43 });
        Assert.NotEqual(await File.ReadAllBytesAsync(Path.Combine(a, "orders.csv")), await File.ReadAllBytesAsync(Path.Combine(b, "orders.csv")));
    }

    [Fact]
    public async Task MoreMerchants_LeaveTheFirstMerchantsUnchanged()
    {
        // Each merchant draws from its own (seed, index) stream.
        var small = await RunAsync(Small with { Merchants = 100 });
        var large = await RunAsync(Small with { Merchants = 200 });
        var smallLines = await File.ReadAllLinesAsync(Path.Combine(small, "merchants.csv"));
        var largeLines = await File.ReadAllLinesAsync(Path.Combine(large, "merchants.csv"));
        Assert.Equal(smallLines, largeLines.Take(smallLines.Length));
    }

    private async Task<string> RunAsync(SimulationOptions options)
    {
        var directory = Path.Combine(root, Guid.NewGuid().ToString("N"));
        await MarketplaceSimulator.RunAsync(options, directory);
        return directory;
    }

    private static void AssertSameFiles(string a, string b)
    {
        var names = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, names.Count);
        Assert.Equal(names, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, name!))), $"{name} differs");
        }
    }
}

using System.IO.Compression;

namespace Microcredit.Scoring.Simulation;

/// <summary>
/// Generates a marketplace history with known truth and writes the six input files of
/// docs/data-format.md plus <c>truth.csv</c> (loan_id, true_pd) and <c>merchant_truth.csv</c>
/// into a directory. The model is described in docs/simulator.md.
/// </summary>
/// <remarks>
/// Merchants are simulated in fixed chunks of <see cref="ChunkSize"/> consecutive indices on
/// worker threads; chunks are written strictly in index order, so the bytes depend only on the
/// options (not on <see cref="SimulationOptions.Threads"/>). With gzip each chunk of each file
/// becomes one gzip member, compressed on the worker; concatenated members are a valid gzip file
/// (RFC 1952 §2.2) that GZipStream, zcat and Python read as one stream. Memory is bounded by the
/// chunks in flight.
/// </remarks>
public static class MarketplaceSimulator
{
    internal const int ChunkSize = 64;

    // zlib-ng at level "Fastest" keeps gzip from dominating the run; GZipStream writes no
    // timestamp or file name in the header, so members are byte-identical across runs.
    private const CompressionLevel Level = CompressionLevel.Fastest;

    /// <summary>Simulates and writes the files into <paramref name="directory"/> (created if missing).</summary>
    public static async Task<SimulationSummary> RunAsync(SimulationOptions options, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(directory);

        var streams = new FileStream[SimulationFiles.Count];
        try
        {
            for (var f = 0; f < SimulationFiles.Count; f++)
            {
                var path = Path.Combine(directory, SimulationFiles.FileName((SimulationFile)f, options.Gzip));
                streams[f] = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false);
            }

            return await WriteAllAsync(options, streams, cancellationToken);
        }
        finally
        {
            foreach (var stream in streams)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }
            }
        }
    }

    private static async Task<SimulationSummary> WriteAllAsync(SimulationOptions options, FileStream[] streams, CancellationToken cancellationToken)
    {
        var chunkCount = (options.Merchants + ChunkSize - 1) / ChunkSize;
        var inFlight = Math.Max(2, options.Threads * 2);
        var pool = new System.Collections.Concurrent.ConcurrentBag<ChunkOutput>();
        var generators = new System.Collections.Concurrent.ConcurrentBag<MerchantGenerator>();
        var pending = new Queue<Task<ChunkOutput>>();
        using var throttle = new SemaphoreSlim(options.Threads);
        long merchants = 0, orders = 0, loans = 0, installments = 0, repayments = 0, loanOrders = 0;

        var header = new ChunkOutput();
        for (var f = 0; f < SimulationFiles.Count; f++)
        {
            var b = header.Buffers[f];
            b.Append(System.Text.Encoding.UTF8.GetBytes(SimulationFiles.Header((SimulationFile)f)));
            b.EndRow();
        }

        if (options.Gzip)
        {
            Compress(header);
        }

        await WriteChunkAsync(header, streams, options.Gzip, cancellationToken);

        var next = 0;
        while (next < chunkCount || pending.Count > 0)
        {
            while (next < chunkCount && pending.Count < inFlight)
            {
                var chunkIndex = next++;
                await throttle.WaitAsync(cancellationToken);
                pending.Enqueue(Task.Run(() =>
                {
                    try
                    {
                        var chunk = pool.TryTake(out var reused) ? reused : new ChunkOutput();
                        chunk.Reset();
                        var generator = generators.TryTake(out var g) ? g : new MerchantGenerator(options);
                        var end = Math.Min(options.Merchants, (chunkIndex + 1) * ChunkSize);
                        for (var m = chunkIndex * ChunkSize; m < end; m++)
                        {
                            generator.Generate(m, chunk);
                        }

                        generators.Add(generator);
                        if (options.Gzip)
                        {
                            Compress(chunk);
                        }

                        return chunk;
                    }
                    finally
                    {
                        throttle.Release();
                    }
                }, cancellationToken));
            }

            var done = await pending.Dequeue();
            await WriteChunkAsync(done, streams, options.Gzip, cancellationToken);
            merchants += done.Merchants;
            orders += done.Orders;
            loans += done.Loans;
            installments += done.Installments;
            repayments += done.Repayments;
            loanOrders += done.LoanOrders;
            pool.Add(done);
        }

        return new SimulationSummary(merchants, orders, loans, installments, repayments, loanOrders);
    }

    private static void Compress(ChunkOutput chunk)
    {
        for (var f = 0; f < SimulationFiles.Count; f++)
        {
            var target = chunk.Compressed[f];
            target.SetLength(0);
            if (chunk.Buffers[f].Length == 0)
            {
                continue;
            }

            using var gzip = new GZipStream(target, Level, leaveOpen: true);
            gzip.Write(chunk.Buffers[f].Span);
        }
    }

    private static async Task WriteChunkAsync(ChunkOutput chunk, FileStream[] streams, bool gzip, CancellationToken cancellationToken)
    {
        for (var f = 0; f < SimulationFiles.Count; f++)
        {
            var bytes = gzip
                ? chunk.Compressed[f].GetBuffer().AsMemory(0, (int)chunk.Compressed[f].Length)
                : chunk.Buffers[f].Memory;
            if (bytes.Length > 0)
            {
                await streams[f].WriteAsync(bytes, cancellationToken);
            }
        }
    }
}

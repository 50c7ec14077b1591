namespace Microcredit.Scoring.Simulation;

/// <summary>
/// The rows of one chunk of consecutive merchants, one buffer per file, plus row counts. Chunks
/// are generated in parallel and written in index order, so the files don't depend on threads.
/// </summary>
internal sealed class ChunkOutput
{
    public Utf8Buffer[] Buffers { get; } = [.. Enumerable.Range(0, SimulationFiles.Count).Select(_ => new Utf8Buffer())];

    /// <summary>Each buffer compressed as one gzip member, when the run writes gzip.</summary>
    public MemoryStream[] Compressed { get; } = [.. Enumerable.Range(0, SimulationFiles.Count).Select(_ => new MemoryStream())];

    public long Merchants { get; set; }

    public long Orders { get; set; }

    public long Loans { get; set; }

    public long Installments { get; set; }

    public long Repayments { get; set; }

    public long LoanOrders { get; set; }

    public Utf8Buffer this[SimulationFile file] => Buffers[(int)file];

    public void Reset()
    {
        foreach (var buffer in Buffers)
        {
            buffer.Clear();
        }

        foreach (var stream in Compressed)
        {
            stream.SetLength(0);
        }

        Merchants = Orders = Loans = Installments = Repayments = LoanOrders = 0;
    }
}

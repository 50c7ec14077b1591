namespace Microcredit.Scoring.Import;

/// <summary>A batch of reused row buffers passed from the parsing thread to the writing one.</summary>
internal sealed class RowBatch
{
    public const int Size = 2048;

    public RowBatch(int columns)
    {
        Rows = new RowBuffer[Size];
        for (var i = 0; i < Size; i++)
        {
            Rows[i] = new RowBuffer(columns);
        }
    }

    public RowBuffer[] Rows { get; }

    public int Count { get; set; }
}

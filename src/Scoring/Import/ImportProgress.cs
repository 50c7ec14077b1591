namespace Microcredit.Scoring.Import;

/// <summary>How far reading a file has come, by bytes of the file as stored (compressed or not).</summary>
public sealed record ImportProgress(string File, long BytesRead, long BytesTotal, long Rows);

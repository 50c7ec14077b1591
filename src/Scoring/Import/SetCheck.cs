namespace Microcredit.Scoring.Import;

/// <summary>
/// A check run in the database over staged rows. <see cref="Sql"/> selects <c>line</c>, <c>a</c>
/// and <c>b</c> for every offending row; <see cref="Message"/> turns one hit into the text.
/// </summary>
internal sealed record SetCheck(string Field, string Sql, Func<SetCheckHit, string> Message);

/// <summary>One offending staged row: its line and up to two values for the message.</summary>
internal sealed record SetCheckHit(long Line, object? A, object? B);

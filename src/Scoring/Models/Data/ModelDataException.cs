namespace Microcredit.Scoring.Models.Data;

/// <summary>
/// Input the model engine cannot use, with a message for the user as it stands: it names the file,
/// the line and the column where one applies (a missing target, a constant target, text in a
/// numeric column, an artifact of an unknown version).
/// </summary>
public sealed class ModelDataException(string message) : Exception(message);

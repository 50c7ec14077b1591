using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// Ids named in request bodies (merchants, orders, decisions): at most <see cref="MaxLength"/>
/// characters of text, without control characters or unpaired surrogates. No platform id holds
/// them (imported ids are checked text of at most 64 characters, generated ones are ASCII), and
/// some of them cannot even be sent to PostgreSQL as text (NUL, a lone surrogate): such a request
/// is malformed, a 400 naming the field, rather than a search for a row that cannot exist.
/// </summary>
public static class ApiIds
{
    public const int MaxLength = 100;

    /// <summary>The problem with a present, non-blank id (too long, or not text), or null.</summary>
    public static ProblemHttpResult? Problem(string field, string id)
    {
        if (id.Length > MaxLength)
        {
            return ApiProblems.Field(field, $"is longer than {MaxLength} characters.");
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c))
            {
                return ApiProblems.Field(field, $"holds a control character (U+{(int)c:X4}) at position {i + 1}.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return ApiProblems.Field(field, $"holds an unpaired surrogate (U+{(int)c:X4}) at position {i + 1}: not Unicode text.");
            }
        }

        return null;
    }
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microcredit.Underwriting.Api;

/// <summary>
/// Strict request bodies: a JSON object whose every property the request type declares (an
/// unknown field is an error, not ignored), numbers as numbers, and errors that name the field.
/// </summary>
public static class ApiJson
{
    /// <summary>Bodies above this are refused before parsing.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Reads the request body, at most <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses <paramref name="body"/> as <typeparamref name="T"/>, or gives the problem naming the field.</summary>
    public static ProblemHttpResult? TryParse<T>(ReadOnlySpan<byte> body, out T? value)
        where T : class
    {
        value = null;
        if (body.IsEmpty)
        {
            return ApiProblems.Field("body", "a JSON object is required.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // JSON is UTF-8 (RFC 8259); the parser checks string contents only when they are read.
            return ApiProblems.Field("body", "is not valid UTF-8.");
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                return ApiProblems.Field("body", "holds more than one JSON value.");
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiProblems.Field("body", $"a JSON object is required, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            var known = Known<T>.Names;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    return ApiProblems.Field(property.Name, $"unknown field; expected one of {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
                }

                if (!seen.Add(property.Name))
                {
                    // The parser would keep the last one: a request must not say two things.
                    return ApiProblems.Field(property.Name, "appears more than once.");
                }
            }

            value = document.RootElement.Deserialize<T>(Options);
            return value is null ? ApiProblems.Field("body", "a JSON object is required.") : null;
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return field is null
                ? ApiProblems.Field("body", $"malformed JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).")
                : ApiProblems.Field(field, $"has the wrong type for {TypeName<T>(field)}.");
        }
    }

    /// <summary><c>$.orderIds[2]</c> → <c>orderIds[2]</c>; null for the root.</summary>
    private static string? FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string TypeName<T>(string field)
    {
        var root = field.Split('.', '[')[0];
        var property = typeof(T).GetProperties().FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == root);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => "this field",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(decimal) => "a number",
            _ when type == typeof(int) || type == typeof(long) => "an integer",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsArray || type.IsGenericType => "an array of strings",
            _ => "this field",
        };
    }

    private static class Known<T>
    {
        public static readonly HashSet<string> Names = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];
    }
}

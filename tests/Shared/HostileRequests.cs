using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Microcredit.Tests;

/// <summary>Who the hostile requests are aimed at: a valid key, a merchant it may act for, and ids it may not touch.</summary>
/// <param name="ApiKey">An active key.</param>
/// <param name="OwnMerchant">A merchant the key may act for (used only beside a change that makes the request invalid).</param>
/// <param name="ForeignMerchant">A merchant the key may not act for.</param>
/// <param name="ForeignDecision">Another key's decision, or null.</param>
/// <param name="ForeignLoan">Another key's loan, or null.</param>
public sealed record HostileTarget(string ApiKey, string OwnMerchant, string ForeignMerchant, string? ForeignDecision = null, string? ForeignLoan = null);

/// <summary>One hostile request: what kind, and everything needed to send it (again).</summary>
public sealed record HostileRequest(long Index, string Kind, HttpMethod Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>The request in one line for a failure report: method, path, headers (keys without their secret), the body's first bytes.</summary>
    public string Describe()
    {
        var body = Body is null ? "(no body)" : Body.Length > 300
            ? $"{Body.Length:N0} bytes: {Printable(Body.AsSpan(0, 300))}…"
            : Printable(Body);
        // A key's secret never goes into a report: the id part at most.
        var headers = string.Join(", ", Headers.Select(h => $"{h.Key}: {(h.Key == "X-Api-Key" ? h.Value.Split('.')[0][..Math.Min(h.Value.Split('.')[0].Length, 30)] + ".***" : h.Value.Length > 60 ? h.Value[..60] + "…" : h.Value)}"));
        return $"#{Index} {Kind}: {Method} {(Path.Length > 200 ? Path[..200] + "…" : Path)} [{headers}] {body}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}

/// <summary>
/// A deterministic stream of requests that must all be refused: each starts from a valid request
/// and takes at least one change that makes it invalid whatever else changed (wrong types, huge,
/// negative and over-precise numbers, overlong strings, injection strings, control characters,
/// invalid UTF-8, duplicated, unknown and missing JSON keys, malformed JSON, bad or missing keys
/// and headers, oversized bodies, unknown paths and methods). The API must answer each with a 4xx
/// problem+json and write nothing. Request <c>i</c> depends only on the seed and <c>i</c>.
/// </summary>
public sealed class HostileRequests(int seed, HostileTarget target)
{
    /// <summary>The API's body limit (ApiJson.MaxBodyBytes).</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "'; DROP TABLE decisions; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)", "%' AND 1=1 --", "') UNION SELECT key_id, secret_hash FROM api_keys --",
        "\\", "\\'", "$(rm -rf /)", "`id`", "${jndi:ldap://x/a}", "{{7*7}}", "<script>alert(1)</script>", "../../etc/passwd", "..\\..\\boot.ini", "%00", "%s%s%s%n",
        "NaN", "null", "undefined", "true", "0x41", "-1", "1e309", "[]", "{}", "\u202Em000007", "😀💸", "ﷺ", "a\u0301\u0301\u0301", "Ω≈ç√∫", "\uFEFF", "\u00A0", "*", "?", "#",
    ];

    /// <summary>Strings with characters no id may hold: control characters, NUL, lone surrogates.</summary>
    private static readonly string[] Controls = ["\0", "a\0b", "\u0001", "\r\nX-Injected: 1", "\t", "\u007F", "\u001B[31m", "\ud800", "\udfff", "x\ud83d", "\u0085"];

    private static readonly string[] Methods = ["PUT", "DELETE", "PATCH", "OPTIONS"];

    private static readonly string[] UnknownPaths =
    [
        "/v1", "/v1/", "/v1/credit-loans", "/v1/decisions", "/v1/loans/x/y/z", "/v1/merchants", "/v1/admin", "/v1/../health/x", "/v2/credit-loans/decisions",
        "/v1/credit-loans/decisions/x", "/v1/%2e%2e/%2e%2e/etc/passwd", "/v1/api_keys", "/v1/merchants/x/offers",
    ];

    private static readonly string[] Kinds = ["credit", "credit", "credit", "credit", "credit", "order", "order", "drawdown", "repayment", "read", "read", "headers", "route", "oversize", "syntax"];

    public HostileRequest this[long index] => Build(index);

    /// <summary>
    /// What is wrong with the answer to a hostile request, or null when it is right: a 4xx
    /// problem+json whose <c>status</c> is the response's.
    /// </summary>
    public static string? WrongAnswer(int status, string? mediaType, byte[] body)
    {
        if (status is < 400 or >= 500)
        {
            return $"status {status} ({Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))})";
        }

        if (mediaType != "application/problem+json")
        {
            return $"status {status} as {mediaType ?? "no content type"}";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var stated) && stated.TryGetInt32(out var number) && number == status
                ? null
                : $"status {status} but the problem says {document.RootElement}";
        }
        catch (JsonException)
        {
            return $"status {status}: the problem is not JSON";
        }
    }

    /// <summary>Requests <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1.</summary>
    public IEnumerable<HostileRequest> Take(long from, long count)
    {
        for (var i = from; i < from + count; i++)
        {
            yield return Build(i);
        }
    }

    private HostileRequest Build(long index)
    {
        var random = new Random(unchecked((int)((uint)seed * 2_654_435_761u) ^ (int)index ^ (int)(index >> 32)));
        var kind = Kinds[random.Next(Kinds.Length)];
        var headers = new List<KeyValuePair<string, string>> { new("X-Api-Key", target.ApiKey), new("Idempotency-Key", $"fuzz-{seed}-{index}") };
        return kind switch
        {
            "credit" => Post(index, kind, "/v1/credit-loans/decisions", Credit(random), headers, random),
            "order" => Post(index, kind, "/v1/order-loans/decisions", Order(random), headers, random),
            "drawdown" => Post(index, kind, "/v1/loans", Drawdown(random), headers, random),
            "repayment" => Post(index, kind, $"/v1/loans/{Escape(LoanId(random))}/repayments", Repayment(random), headers, random),
            "read" => new HostileRequest(index, kind, HttpMethod.Get, Read(random), null, null, headers),
            "headers" => HeaderAttack(index, random, headers),
            "route" => Route(index, random, headers),
            "oversize" => Post(index, kind, "/v1/credit-loans/decisions", Oversize(random), headers, random, raw: true),
            _ => Post(index, kind, "/v1/credit-loans/decisions", Syntax(random), headers, random, raw: true),
        };
    }

    private static HostileRequest Post(long index, string kind, string path, byte[] body, List<KeyValuePair<string, string>> headers, Random random, bool raw = false)
    {
        // Noise that changes nothing by itself: the content type, a query string.
        // Mostly JSON: another content type is refused (415) before the body is looked at.
        var contentType = random.Next(40) switch
        {
            0 => null,
            1 => "text/plain",
            2 => "application/x-www-form-urlencoded",
            3 => "application/json; charset=latin1",
            _ => "application/json",
        };
        if (!raw && random.Next(20) == 0)
        {
            path += "?debug=true&merchantId=x";
        }

        return new HostileRequest(index, kind, HttpMethod.Post, path, body, contentType, headers);
    }

    /// <summary>A credit-decision body: valid fields, then exactly one change that makes it invalid.</summary>
    private byte[] Credit(Random random)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("merchantId", Str(target.OwnMerchant)),
            new("requestedAmount", Pick(random, "1000", "250.5", "5000.00", "99")),
            new("termMonths", Pick(random, "3", "6", "12")),
        };
        Shuffle(random, fields);
        return Invalidate(random, fields, random.Next(9) switch
        {
            0 or 1 => "merchantId",
            2 or 3 => "requestedAmount",
            4 => "termMonths",
            _ => null,
        });
    }

    private byte[] Order(Random random)
    {
        var fields = new List<KeyValuePair<string, string>> { new("merchantId", Str(target.OwnMerchant)) };
        if (random.Next(3) > 0)
        {
            // Order ids of any shape are a valid request for a merchant the key owns (unknown
            // orders are declined, and that is written): the change below always hits merchantId or
            // the structure, and the hostile ids ride along.
            var ids = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(3) == 0 ? Hostile(random) : $"o{random.Next(1_000_000):D7}");
            fields.Add(new("orderIds", "[" + string.Join(",", ids.Select(Str)) + "]"));
        }

        Shuffle(random, fields);
        return Invalidate(random, fields, random.Next(5) < 3 ? "merchantId" : null, orderIds: true);
    }

    private byte[] Drawdown(Random random)
    {
        // No decision of the key exists: every id is unknown (404), another key's (403), or malformed.
        var id = random.Next(4) switch
        {
            0 when target.ForeignDecision is not null => target.ForeignDecision,
            1 => "dec_" + new string('A', 26),
            _ => Hostile(random),
        };
        var fields = new List<KeyValuePair<string, string>> { new("decisionId", Str(id)) };
        if (random.Next(3) == 0)
        {
            Mutate(random, fields, "decisionId");
        }

        return Encode(random, fields);
    }

    private byte[] Repayment(Random random)
    {
        var fields = new List<KeyValuePair<string, string>> { new("amount", Pick(random, "100", "0.01", "5000")) };
        if (random.Next(2) == 0)
        {
            Mutate(random, fields, "amount");
        }

        return Encode(random, fields);
    }

    /// <summary>A loan id the key has no platform loan under: another key's, unknown, or hostile.</summary>
    private string LoanId(Random random) => random.Next(4) switch
    {
        0 when target.ForeignLoan is not null => target.ForeignLoan,
        1 => "loan_" + new string('Z', 26),
        _ => Hostile(random),
    };

    private string Read(Random random)
    {
        var id = random.Next(3) switch
        {
            0 => target.ForeignMerchant,
            _ => Hostile(random),
        };
        return random.Next(6) switch
        {
            5 => $"/v1/decisions/%FF%FE{Escape(Hostile(random))}%C0%AF",
            0 => $"/v1/decisions/{Escape(random.Next(3) == 0 && target.ForeignDecision is not null ? target.ForeignDecision : Hostile(random))}",
            1 => $"/v1/merchants/{Escape(id)}/offer",
            2 => $"/v1/loans/{Escape(LoanId(random))}",
            3 => $"/v1/loans/{Escape(LoanId(random))}/payoff?date={Escape(Pick(random, "%FF%FE", "2026-13-01", "0001-01-01", "9999-12-31", "2026-11-01T00:00:00Z", "yesterday", "", "2026-02-30", "-1", Hostile(random)))}",
            _ => $"/v1/merchants/{Escape(id)}/offer?x={Escape(Hostile(random))}",
        };
    }

    /// <summary>A valid credit request with a missing, forged, doubled or hostile key, or a missing or overlong Idempotency-Key.</summary>
    private HostileRequest HeaderAttack(long index, Random random, List<KeyValuePair<string, string>> headers)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"merchantId":{{Str(target.OwnMerchant)}},"requestedAmount":1000,"termMonths":6}""");
        var attacked = random.Next(2) == 0 ? "X-Api-Key" : "Idempotency-Key";
        headers.RemoveAll(h => h.Key == attacked);
        if (attacked == "X-Api-Key")
        {
            var dot = target.ApiKey.IndexOf('.', StringComparison.Ordinal);
            var forged = random.Next(7) switch
            {
                0 => null,
                1 => "",
                2 => target.ApiKey[..dot] + "." + new string('A', target.ApiKey.Length - dot - 1),
                3 => target.ApiKey[..dot],
                4 => target.ApiKey + "x",
                5 => Ascii(Hostile(random)),
                _ => "key_" + new string('x', random.Next(1, 4000)) + "." + target.ApiKey[(dot + 1)..],
            };
            if (forged is not null)
            {
                headers.Add(new("X-Api-Key", forged));
                if (random.Next(4) == 0)
                {
                    // Two keys, one of them valid: not one key, so no key.
                    headers.Add(new("X-Api-Key", target.ApiKey));
                }
            }
        }
        else
        {
            var idempotency = random.Next(3) switch
            {
                0 => null,
                1 => Pick(random, "", " ", "\t"),
                _ => new string('k', random.Next(201, 6000)),
            };
            if (idempotency is not null)
            {
                headers.Add(new("Idempotency-Key", idempotency));
            }
        }

        return new HostileRequest(index, "headers", HttpMethod.Post, "/v1/credit-loans/decisions", body, "application/json", headers);
    }

    /// <summary>Unknown paths and methods under /v1.</summary>
    private static HostileRequest Route(long index, Random random, List<KeyValuePair<string, string>> headers)
    {
        if (random.Next(2) == 0)
        {
            var path = Pick(random, "/v1/credit-loans/decisions", "/v1/order-loans/decisions", "/v1/loans", "/v1/decisions/dec_x", "/v1/loans/loan_x/repayments");
            return new HostileRequest(index, "route", new HttpMethod(Pick(random, Methods)), path, Encoding.UTF8.GetBytes("{}"), "application/json", headers);
        }

        var unknown = Pick(random, UnknownPaths);
        return random.Next(2) == 0
            ? new HostileRequest(index, "route", HttpMethod.Get, unknown, null, null, headers)
            : new HostileRequest(index, "route", HttpMethod.Post, unknown, Encoding.UTF8.GetBytes("{\"merchantId\":\"x\"}"), "application/json", headers);
    }

    /// <summary>A body just over, or well over, the 64 KiB limit.</summary>
    private byte[] Oversize(Random random)
    {
        var size = MaxBodyBytes + (random.Next(2) == 0 ? random.Next(1, 64) : random.Next(1_000, 64_000));
        var prefix = $$"""{"merchantId":{{Str(target.OwnMerchant)}},"requestedAmount":1000,"termMonths":6,"pad":""" + "\"";
        var body = new byte[size];
        Encoding.UTF8.GetBytes(prefix).CopyTo(body, 0);
        body.AsSpan(prefix.Length, size - prefix.Length - 2).Fill((byte)'a');
        body[^2] = (byte)'"';
        body[^1] = (byte)'}';
        return body;
    }

    /// <summary>Not an object, or not JSON: truncated, trailing garbage, comments, single quotes, deep nesting, invalid UTF-8.</summary>
    private byte[] Syntax(Random random)
    {
        var valid = $$"""{"merchantId":{{Str(target.OwnMerchant)}},"requestedAmount":1000,"termMonths":6}""";
        var text = random.Next(14) switch
        {
            0 => valid[..random.Next(1, valid.Length - 1)],
            1 => valid + Pick(random, "}", ",", "x", "{}", " true", "\0"),
            2 => valid.Replace("{", "{/* c */", StringComparison.Ordinal),
            3 => valid.Replace('"', '\''),
            4 => valid.Replace("6}", "6,}", StringComparison.Ordinal),
            5 => new string('[', random.Next(65, 5000)) + new string(']', random.Next(0, 100)),
            6 => $$"""{"merchantId":{{new string('[', random.Next(65, 3000))}}}""",
            7 => Pick(random, "[]", "\"text\"", "42", "null", "true", "[{}]", "[" + valid + "]"),
            8 => "",
            9 => Pick(random, " ", "\n", "\uFEFF", "\uFEFF{}", "{}"),
            10 => valid.Replace("1000", Pick(random, "NaN", "Infinity", "-Infinity", "1e", "1.", ".5", "01000", "+1000", "0x3E8", "1_000"), StringComparison.Ordinal),
            11 => valid.Replace("\"merchantId\"", Pick(random, "merchantId", "\"merchantId", "'merchantId'", "\"merchantId\"\"\""), StringComparison.Ordinal),
            12 => null,
            _ => valid.Replace(":", Pick(random, "=", "::", " : : "), StringComparison.Ordinal),
        };
        return text is null ? InvalidUtf8(random, Encoding.UTF8.GetBytes(valid)) : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// Makes the body invalid: the field given (or, when null, the structure) takes a change no
    /// request may carry; for an order body the hostile order ids stay. Random other changes come first.
    /// </summary>
    private byte[] Invalidate(Random random, List<KeyValuePair<string, string>> fields, string? field, bool orderIds = false)
    {
        if (random.Next(3) == 0)
        {
            // Noise first: a Unicode-escaped copy of a valid value, whitespace.
            Respell(random, fields);
        }

        if (field is not null)
        {
            Mutate(random, fields, field);
            return Encode(random, fields);
        }

        switch (random.Next(orderIds ? 6 : 7))
        {
            case 0:
                fields.Insert(random.Next(fields.Count + 1), new(Pick(random, "promo", "MerchantId", "merchantid", "__proto__", "constructor", "requestedamount", "", " merchantId", "merchantId ", "api_key", Hostile(random)), RandomValue(random)));
                break;
            case 1:
                {
                    var copy = fields[random.Next(fields.Count)];
                    fields.Insert(random.Next(fields.Count + 1), random.Next(2) == 0 ? copy : new(copy.Key, RandomValue(random)));
                    break;
                }

            case 2:
                fields.RemoveAll(f => f.Key == "merchantId");
                break;
            case 3:
                return InvalidUtf8(random, Encode(random, fields));
            case 4:
                return Encoding.UTF8.GetBytes(Pick(random, "[", "\"") + Encoding.UTF8.GetString(Encode(random, fields)) + Pick(random, "]", "\""));
            case 5:
                Mutate(random, fields, "merchantId");
                break;
            default:
                var missing = Pick(random, "requestedAmount", "termMonths");
                fields.RemoveAll(f => f.Key == missing);
                break;
        }

        return Encode(random, fields);
    }

    /// <summary>Replaces every occurrence of <paramref name="field"/> with a value it may not have (or removes it).</summary>
    private void Mutate(Random random, List<KeyValuePair<string, string>> fields, string field)
    {
        string? value = field switch
        {
            "merchantId" or "decisionId" => random.Next(10) switch
            {
                0 => null,
                1 => Pick(random, "1", "7.5", "true", "false", "null", "[]", "{}", $"[{Str(target.OwnMerchant)}]", $"{{\"id\":{Str(target.OwnMerchant)}}}"),
                2 when field == "merchantId" => Str(target.ForeignMerchant),
                3 => Str(Pick(random, "", " ", "\t\n")),
                4 => Str(new string('m', random.Next(101, 20_000))),
                5 => Str(target.OwnMerchant + Pick(random, Controls)),
                6 => Str(Pick(random, Controls)),
                _ => Str(Hostile(random)),
            },
            "requestedAmount" or "amount" => random.Next(9) switch
            {
                0 => null,
                1 => Pick(random, "\"1000\"", "true", "null", "[1000]", "{\"value\":1000}", "\"\""),
                2 => Pick(random, "0", "-0", "-1", "-1000.00", "-0.01", "-79228162514264337593543950335"),
                3 => Pick(random, "100000000.01", "1e9", "1e30", "1e300", "1e400", "79228162514264337593543950335", "79228162514264337593543950336", "9" + new string('9', random.Next(30, 2000))),
                4 => Pick(random, "10.001", "0.001", "1e-30", "0.000000000000000000000000000001", "1000.125", "1E-7"),
                5 => Pick(random, "-1e400", "-1e30", "-0.001"),
                6 => Str(Hostile(random)),
                7 => "1" + new string('0', random.Next(10, 5000)),
                _ => Pick(random, "0.0", "-100000000", "100000001"),
            },
            _ => random.Next(6) switch
            {
                0 => null,
                1 => Pick(random, "\"6\"", "true", "null", "[6]", "{}", "6.5", "6.0", "6e0", "\"six\""),
                2 => Pick(random, "0", "-6", "-2147483648", "2147483648", "9223372036854775808", "1e10", "1" + new string('0', 400)),
                3 => Pick(random, "1", "2", "4", "5", "7", "11", "13", "24", "36", "120"),
                4 => Str(Hostile(random)),
                _ => Pick(random, "-1", "1e309", "-0.5"),
            },
        };
        fields.RemoveAll(f => f.Key == field);
        if (value is not null)
        {
            fields.Insert(random.Next(fields.Count + 1), new(field, value));
        }

    }

    /// <summary>Rewrites valid values without changing them: Unicode escapes, whitespace.</summary>
    private static void Respell(Random random, List<KeyValuePair<string, string>> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var value = fields[i].Value;
            if (value.StartsWith('"') && random.Next(2) == 0)
            {
                var text = JsonSerializer.Deserialize<string>(value)!;
                fields[i] = new(fields[i].Key, "\"" + string.Concat(text.Select(c => $"\\u{(int)c:X4}")) + "\"");
            }
            else if (random.Next(2) == 0)
            {
                fields[i] = new(fields[i].Key, " \n\t" + value + " ");
            }
        }
    }

    private static byte[] Encode(Random random, List<KeyValuePair<string, string>> fields)
    {
        var separator = random.Next(4) == 0 ? " , " : ",";
        return Encoding.UTF8.GetBytes("{" + string.Join(separator, fields.Select(f => $"{Str(f.Key)}:{f.Value}")) + "}");
    }

    /// <summary>Bytes that are not UTF-8 placed into a string value or between tokens.</summary>
    private static byte[] InvalidUtf8(Random random, byte[] json)
    {
        byte[][] bad = [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE, 0xFE]];
        var quote = Array.IndexOf(json, (byte)'"', 1 + random.Next(Math.Max(1, json.Length - 2)));
        var at = quote > 0 && random.Next(3) > 0 ? quote + 1 : random.Next(1, json.Length);
        return [.. json.AsSpan(0, at), .. bad[random.Next(bad.Length)], .. json.AsSpan(at)];
    }

    private static string RandomValue(Random random) => random.Next(5) switch
    {
        0 => "1",
        1 => "\"x\"",
        2 => "null",
        3 => "[]",
        _ => Str(Hostile(random)),
    };

    /// <summary>A string no id of the platform is: injection, control characters, odd Unicode, overlong.</summary>
    private static string Hostile(Random random) => random.Next(10) switch
    {
        0 => Pick(random, Controls),
        1 => new string(Pick(random, "a", "'", "%", "😀")[0], random.Next(65, 3000)),
        2 => Pick(random, Injections) + Pick(random, Injections),
        _ => Pick(random, Injections),
    };

    /// <summary>
    /// A path segment or query value, percent-encoded byte by byte from UTF-8 (a lone surrogate
    /// becomes U+FFFD), so control characters and slashes arrive as route values; at most 2,000
    /// characters encoded. Not NUL: the server's URL decoder refuses %00 in a path before the
    /// service sees the request (Kestrel answers a bare 400), and not longer: a request line above
    /// 8 KiB is Kestrel's bare 414.
    /// </summary>
    private static string Escape(string segment)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            if (b == 0)
            {
                continue;
            }

            if (text.Length > 2_000)
            {
                break;
            }

            text.Append(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
                ? ((char)b).ToString()
                : $"%{b:X2}");
        }

        return text.ToString();
    }

    /// <summary>Header values must be visible ASCII to be sent at all.</summary>
    private static string Ascii(string text) => new([.. text.Where(c => c is >= ' ' and < '\u007F')]);

    private static string Str(string text) => JsonSerializer.Serialize(text);

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static void Shuffle<T>(Random random, List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}

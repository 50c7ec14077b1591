using System.IO.Compression;
using System.Text;

namespace Microcredit.Tests;

/// <summary>
/// One malformed import: the six input files (a small valid history under ids starting <c>fz_</c>)
/// with exactly one fault, and where the importer must say it is: the file, the line (null when
/// the file as a whole is unreadable) and the field (null for a record-level fault).
/// </summary>
public sealed record HostileCsvCase(int Index, string Kind, IReadOnlyList<KeyValuePair<string, byte[]>> Files, string File, long? Line, string? Field)
{
    /// <summary>"orders.csv line 4, field amount", as the importer's messages begin.</summary>
    public string Expected => File + (Line is { } line ? $" line {line}" : "") + (Field is { } name ? $", field {name}" : "");

    /// <summary>Writes the files into <paramref name="directory"/> (created; any files in it are removed first).</summary>
    public void WriteTo(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var (name, content) in Files)
        {
            System.IO.File.WriteAllBytes(Path.Combine(directory, name), content);
        }
    }

    /// <summary>Whether an error (file, line, field) is the one this case expects.</summary>
    public bool IsExpected(string file, long line, string? field) =>
        file == File && (Line is null || line == Line) && (Field is null || field == Field);

    /// <summary>Whether the command line's error output names the expected file, line and field.</summary>
    public bool IsNamedIn(string errorOutput) =>
        errorOutput.Split('\n').Any(l => l.StartsWith("error: " + Expected + (Field is null ? "" : ":"), StringComparison.Ordinal));
}

/// <summary>
/// A deterministic stream of malformed imports (case i depends only on the seed and i): wrong
/// types, impossible dates, negative, over-precise and huge amounts, overlong and empty ids, NUL
/// bytes and invalid UTF-8, broken quoting, wrong field counts, bad headers, duplicate keys,
/// unknown references, broken rules, corrupt gzip. Noise that is valid (injection strings in free
/// text, CRLF line ends, gzip) rides along. Every case must fail naming its fault and write nothing.
/// </summary>
public sealed class HostileCsv(int seed)
{
    private static readonly string[] Order = ["merchants", "orders", "loans", "installments", "repayments", "loan_orders"];

    private static readonly Dictionary<string, string[]> Valid = new(StringComparer.Ordinal)
    {
        ["merchants"] =
        [
            "merchant_id,registered_at,category,region,kyc_verified",
            "fz_m1,2024-01-05T08:00:00Z,food,Henan,true",
            "fz_m2,2024-02-10T09:30:00Z,apparel,Beijing,false",
            "fz_m3,2025-06-01T12:00:00Z,electronics,Shanghai,true",
        ],
        ["orders"] =
        [
            "order_id,merchant_id,buyer_id,amount,created_at,shipped_at,settled_at,refunded_at,refund_amount,disputed_at",
            "fz_o1,fz_m1,fz_b1,146.95,2025-11-10T19:01:08Z,2025-11-11T19:27:30Z,2025-11-26T19:02:13Z,,,",
            "fz_o2,fz_m1,fz_b2,80.00,2025-11-12T10:00:00Z,2025-11-13T10:00:00Z,,2025-11-20T10:00:00Z,80.00,",
            "fz_o3,fz_m2,fz_b1,20.50,2025-12-01T00:00:00Z,,,,,",
            "fz_o4,fz_m3,fz_b3,300.00,2026-01-02T03:04:05Z,2026-01-03T00:00:00Z,,,,2026-01-10T00:00:00Z",
            "fz_o5,fz_m1,fz_b4,99.99,2026-02-01T00:00:00Z,2026-02-02T00:00:00Z,,,,",
        ],
        ["loans"] =
        [
            "loan_id,merchant_id,product,principal,daily_rate,disbursed_at,maturity_date",
            "fz_l1,fz_m1,credit,3000.00,0.000500,2025-08-20T00:00:00Z,2025-11-20",
            "fz_l2,fz_m1,order,80.00,0.000600,2026-02-03T00:00:00Z,2026-03-05",
        ],
        ["installments"] =
        [
            "loan_id,seq,due_date,principal_due,interest_due",
            "fz_l1,1,2025-09-20,1000.00,46.50",
            "fz_l1,2,2025-10-20,1000.00,30.00",
            "fz_l1,3,2025-11-20,1000.00,15.50",
            "fz_l2,1,2026-03-05,80.00,1.44",
        ],
        ["repayments"] =
        [
            "loan_id,paid_at,amount",
            "fz_l1,2025-09-19T10:00:00Z,1046.50",
            "fz_l1,2025-10-18T10:00:00Z,1030.00",
        ],
        ["loan_orders"] =
        [
            "loan_id,order_id",
            "fz_l2,fz_o5",
        ],
    };

    /// <summary>Columns by what a wrong value looks like for them, per file.</summary>
    private static readonly (string File, string Column, string Type)[] Typed =
    [
        ("merchants", "registered_at", "timestamp"), ("merchants", "kyc_verified", "boolean"), ("merchants", "merchant_id", "id"),
        ("orders", "order_id", "id"), ("orders", "merchant_id", "id"), ("orders", "buyer_id", "id"), ("orders", "amount", "money"), ("orders", "created_at", "timestamp"), ("orders", "shipped_at", "timestamp"),
        ("loans", "loan_id", "id"), ("loans", "product", "product"), ("loans", "principal", "money"), ("loans", "daily_rate", "rate"), ("loans", "disbursed_at", "timestamp"), ("loans", "maturity_date", "date"),
        ("installments", "seq", "integer"), ("installments", "due_date", "date"), ("installments", "principal_due", "money"), ("installments", "interest_due", "money"),
        ("repayments", "paid_at", "timestamp"), ("repayments", "amount", "money"),
        ("loan_orders", "order_id", "id"),
    ];

    private static readonly Dictionary<string, string[]> WrongValues = new(StringComparer.Ordinal)
    {
        ["money"] = ["abc", "-5.00", "1.001", "1e3", "1,000.00", "¥100", "99999999999999999999999999999", "NaN", "0x10", "1.0.0", "--1", "-0.01"],
        ["timestamp"] = ["2025-02-30T00:00:00Z", "2025-03-01 08:15:00Z", "2025-03-01T08:15:00+08:00", "2025-03-01T08:15:00", "yesterday", "2025-03-01T25:00:00Z", "2025-03-01T08:15:00.1234Z", "1700000000", "0000-00-00T00:00:00Z"],
        ["date"] = ["2025-13-01", "2025-02-30", "20250301", "2025-3-1", "2025-03-01T00:00:00Z", "01/03/2025"],
        ["boolean"] = ["yes", "TRUE", "1", "0", "t", "no"],
        ["integer"] = ["1.5", "-1", "0", "x", "1e2", "99999999999999999999"],
        ["rate"] = ["0.0000001", "-0.0005", "abc", "5%", "1e-4"],
        ["product"] = ["mortgage", "CREDIT", "loan"],
        ["id"] = [""],
    };

    private static readonly string[] Injections = ["'; DROP TABLE merchants; --", "\" OR \"1\"=\"1", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "%s%n", "😀", "Robert'); DROP TABLE orders;--"];

    public HostileCsvCase this[int index] => Build(index);

    /// <summary>
    /// The files every case starts from, without a fault (they import cleanly), with their ids
    /// starting <paramref name="prefix"/> instead of <c>fz_</c>: another prefix makes a history
    /// the cases' rows are all new to (so tables are not empty, and any row a case wrote would show).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> ValidFiles(string prefix = "fz_") =>
        [.. Order.Select(name => new KeyValuePair<string, byte[]>(name + ".csv", Encoding.UTF8.GetBytes(string.Concat(Valid[name].Select(l => l.Replace("fz_", prefix, StringComparison.Ordinal) + "\n")))))];

    public IEnumerable<HostileCsvCase> Take(int from, int count) => Enumerable.Range(from, count).Select(Build);

    private HostileCsvCase Build(int index)
    {
        var random = new Random(unchecked((seed * 486_187_739) ^ index));
        var files = Valid.ToDictionary(f => f.Key, f => f.Value.Select(l => l.Split(',')).ToList(), StringComparer.Ordinal);
        if (random.Next(2) == 0)
        {
            // Valid noise: free text that looks like an attack (written with CSV quoting where needed).
            files["merchants"][1 + random.Next(3)][2] = Quote(Injections[random.Next(Injections.Length)]);
        }

        var fault = random.Next(16);
        string kind, file;
        long? line;
        string? field;
        byte[]? raw = null;
        switch (fault)
        {
            case <= 4:
                {
                    var (f, column, type) = Typed[random.Next(Typed.Length)];
                    var row = 1 + random.Next(files[f].Count - 1);
                    var values = WrongValues[type];
                    var value = type == "id" && random.Next(2) == 0 ? new string('x', random.Next(65, 300)) : values[random.Next(values.Length)];
                    files[f][row][Column(f, column)] = Quote(value);
                    (kind, file, line, field) = ($"{type} value", f, row + 1, column);
                    break;
                }

            case 5:
                {
                    // A NUL byte inside a field: not text any database keeps.
                    var f = Pick(random, "merchants", "orders");
                    var column = f == "merchants" ? Pick(random, "category", "region", "merchant_id") : Pick(random, "buyer_id", "order_id");
                    var row = 1 + random.Next(files[f].Count - 1);
                    var value = files[f][row][Column(f, column)];
                    // Inside the quotes of a quoted field (the noise may have quoted it).
                    files[f][row][Column(f, column)] = value.EndsWith('"') ? value[..^1] + "\0x\"" : value + "\0x";
                    (kind, file, line, field) = ("NUL byte", f, row + 1, column);
                    break;
                }

            case 6:
                {
                    var f = Pick(random, Order);
                    var row = 1 + random.Next(files[f].Count - 1);
                    raw = Encoding.UTF8.GetBytes(Join(files[f]));
                    var bad = random.Next(3) switch { 0 => new byte[] { 0xFF }, 1 => [0xC3, 0x28], _ => [0xED, 0xA0, 0x80] };
                    var at = Offset(raw, row) + 1 + random.Next(3);
                    raw = [.. raw.AsSpan(0, at), .. bad, .. raw.AsSpan(at)];
                    (kind, file, line, field) = ("invalid UTF-8", f, row + 1, null);
                    break;
                }

            case 7:
                {
                    var f = Pick(random, Order);
                    var row = 1 + random.Next(files[f].Count - 1);
                    if (random.Next(2) == 0)
                    {
                        files[f][row] = [.. files[f][row], "extra"];
                    }
                    else
                    {
                        files[f][row] = files[f][row][..^1];
                    }

                    (kind, file, line, field) = ("field count", f, row + 1, null);
                    break;
                }

            case 8:
                {
                    // A quote opened and never closed: the rest of the file would be one field.
                    var f = Pick(random, "merchants", "orders", "loans");
                    var row = 1 + random.Next(files[f].Count - 1);
                    files[f][row][1] = "\"" + files[f][row][1];
                    (kind, file, line, field) = ("unclosed quote", f, row + 1, null);
                    break;
                }

            case 9:
                {
                    var f = Pick(random, Order);
                    var header = files[f][0];
                    switch (random.Next(3))
                    {
                        case 0:
                            files[f][0] = [.. header, "promo"];
                            for (var r = 1; r < files[f].Count; r++)
                            {
                                files[f][r] = [.. files[f][r], "x"];
                            }

                            (kind, field) = ("unknown column", "promo");
                            break;
                        case 1:
                            var dropped = random.Next(header.Length);
                            (kind, field) = ("missing column", header[dropped]);
                            for (var r = 0; r < files[f].Count; r++)
                            {
                                files[f][r] = [.. files[f][r].Where((_, c) => c != dropped)];
                            }

                            break;
                        default:
                            var twice = random.Next(header.Length);
                            (kind, field) = ("column twice", header[twice]);
                            for (var r = 0; r < files[f].Count; r++)
                            {
                                files[f][r] = [.. files[f][r], files[f][r][twice]];
                            }

                            break;
                    }

                    (file, line) = (f, 1);
                    break;
                }

            case 10:
                {
                    var f = Pick(random, "merchants", "orders", "loans", "installments");
                    files[f].Add([.. files[f][1 + random.Next(files[f].Count - 1)]]);
                    var key = f switch { "merchants" => "merchant_id", "orders" => "order_id", "loans" => "loan_id", _ => "loan_id,seq" };
                    (kind, file, line, field) = ("duplicate key", f, files[f].Count, key);
                    break;
                }

            case 11:
                {
                    var (f, column) = Pick(random, ("orders", "merchant_id"), ("loans", "merchant_id"), ("installments", "loan_id"), ("repayments", "loan_id"));
                    var row = 1 + random.Next(files[f].Count - 1);
                    files[f][row][Column(f, column)] = "fz_nobody";
                    (kind, file, line, field) = ("unknown reference", f, row + 1, column);
                    break;
                }

            case 12:
                {
                    // Rules across the fields of one row.
                    switch (random.Next(4))
                    {
                        case 0:
                            files["orders"][1][Column("orders", "shipped_at")] = "2025-11-09T00:00:00Z";
                            (kind, file, line, field) = ("shipped before created", "orders", 2, "shipped_at");
                            break;
                        case 1:
                            files["orders"][3][Column("orders", "refund_amount")] = "5.00";
                            (kind, file, line, field) = ("refund without refunded_at", "orders", 4, "refund_amount");
                            break;
                        case 2:
                            files["loans"][1][Column("loans", "maturity_date")] = "2025-08-01";
                            (kind, file, line, field) = ("maturity before disbursement", "loans", 2, "maturity_date");
                            break;
                        default:
                            files["orders"][2][Column("orders", "refund_amount")] = "80.01";
                            (kind, file, line, field) = ("refund above amount", "orders", 3, "refund_amount");
                            break;
                    }

                    break;
                }

            case 13:
                {
                    var f = Pick(random, Order);
                    raw = random.Next(2) == 0 ? [] : Encoding.UTF8.GetBytes(Pick(random, "\n", "\r\n\r\n", ",,,\n"));
                    (kind, file, line, field) = ("empty file", f, null, null);
                    break;
                }

            default:
                {
                    var f = Pick(random, Order);
                    var bytes = new byte[random.Next(1, 400)];
                    random.NextBytes(bytes);
                    var whole = Gzip(Encoding.UTF8.GetBytes(Join(files[f])));
                    // A gzip header followed by garbage, garbage, or a file cut short: none decompresses whole.
                    (kind, raw) = random.Next(3) switch
                    {
                        0 => ("corrupt gzip", (byte[])[0x1F, 0x8B, 0x08, 0x00, .. bytes]),
                        1 => ("corrupt gzip", bytes),
                        _ => ("truncated gzip", whole[..random.Next(10, whole.Length - 1)]),
                    };
                    (file, line, field) = (f + ".csv.gz", null, null);
                    var named = new List<KeyValuePair<string, byte[]>>();
                    foreach (var name in Order.Where(n => n != f))
                    {
                        named.Add(new(name + ".csv", Encoding.UTF8.GetBytes(Join(files[name]))));
                    }

                    named.Add(new(file, raw));
                    return new HostileCsvCase(index, kind, named, file, line, field);
                }
        }

        var result = new List<KeyValuePair<string, byte[]>>();
        var crlf = random.Next(4) == 0;
        foreach (var name in Order)
        {
            var content = name == file && raw is not null ? raw : Encoding.UTF8.GetBytes(Join(files[name], crlf));
            // Valid noise: some files gzip-compressed.
            if (random.Next(4) == 0)
            {
                result.Add(new(name + ".csv.gz", Gzip(content)));
                if (name == file)
                {
                    file = name + ".csv.gz";
                }
            }
            else
            {
                result.Add(new(name + ".csv", content));
                if (name == file)
                {
                    file = name + ".csv";
                }
            }
        }

        return new HostileCsvCase(index, kind, result, file, line, field);
    }

    private static int Column(string file, string column) => Array.IndexOf(Valid[file][0].Split(','), column);

    /// <summary>A field as CSV writes it: quoted when it holds a comma, quote or line break.</summary>
    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Join(List<string[]> rows, bool crlf = false) =>
        string.Concat(rows.Select(r => string.Join(',', r) + (crlf ? "\r\n" : "\n")));

    /// <summary>The byte offset where line <paramref name="row"/> + 1 (0-based row) starts.</summary>
    private static int Offset(byte[] text, int row)
    {
        var at = 0;
        for (var i = 0; i < row; i++)
        {
            at = Array.IndexOf(text, (byte)'\n', at) + 1;
        }

        return at;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Training;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary>What the model commands share: error mapping, list options, JSON output, progress.</summary>
internal static class ModelCli
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Runs a command body, turning the engine's data errors into user-facing failures (exit 1).</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ModelDataException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (IOException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>Comma-separated names; empty entries dropped.</summary>
    public static List<string> Names(string? list) =>
        [.. (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Parses <c>COL=V1,V2</c> values of <c>--special</c>.</summary>
    public static Dictionary<string, IReadOnlyList<double>> Specials(IEnumerable<string>? values)
    {
        var result = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var at = value.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw CliException.Usage($"--special '{value}': expected COLUMN=V1,V2.");
            }

            var numbers = new List<double>();
            foreach (var text in Names(value[(at + 1)..]))
            {
                numbers.Add(CsvTabularReader.TryParseNumber(text, out var number)
                    ? number
                    : throw CliException.Usage($"--special '{value}': '{text}' is not a number."));
            }

            result[value[..at].Trim()] = numbers;
        }

        return result;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Reads a CSV to score or evaluate with a model: the model's features keep their trained kinds.</summary>
    public static TabularData ReadForModel(string path, ModelArtifact artifact) =>
        CsvTabularReader.Read(path, new CsvReadOptions
        {
            Kinds = artifact.Schema.Features.ToDictionary(f => f.Name, f => f.Kind, StringComparer.Ordinal),
        });

    public static ModelArtifact LoadModel(string path) => ArtifactJson.Load(path);

    /// <summary>A text per feature from <c>--descriptions FILE</c> (a JSON object of name → text), else none.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions(string? path)
    {
        if (path is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (!File.Exists(path))
        {
            throw new CliException($"{path}: descriptions file not found.");
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path}: expected a JSON object of feature name to text: {ex.Message}");
        }
    }

    public static async Task WriteJsonAsync(CliContext context, object value) =>
        await context.Out.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    public static string F(double value, string format = "0.0000") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> under a progress bar on stderr, fed by the trainer's steps.</summary>
    public static T WithProgress<T>(CliContext context, string title, Func<IProgress<TrainingStep>, T> work)
    {
        T result = default!;
        context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(title, maxValue: 1);
                result = work(new Reporter(step =>
                {
                    task.MaxValue = step.Total;
                    task.Value = step.Done;
                    task.Description = $"{title}: {step.Description}";
                }));
            });
        return result;
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Reporter(Action<TrainingStep> report) : IProgress<TrainingStep>
    {
        public void Report(TrainingStep value) => report(value);
    }
}

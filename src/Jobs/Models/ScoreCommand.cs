using System.CommandLine;
using System.Globalization;
using System.Text;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Scoring;
using Spectre.Console;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit score</c>: score, pd and adverse reasons for every row of a CSV.</summary>
public static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model JSON written by credit train.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV with the model's feature columns.", Required = true };
        var output = new Option<string>("--out") { Description = "The CSV to write: kept columns, score, pd, reason_1..4 and their points.", Required = true };
        var keep = new Option<string?>("--keep") { Description = "Input columns copied to the output, comma-separated (default: line, the input line)." };
        var descriptions = new Option<string?>("--descriptions") { Description = "JSON object of feature name to reason text (default: the column name)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the row count and summary on stdout." };
        var command = new Command("score", "Score every row of a CSV: score on the points scale, calibrated pd, and up to 4 adverse reasons with the points each cost.\n" +
            "Example: credit score --model models/german.json --data applicants.csv --out scored.csv --keep applicant_id")
        {
            model, data, output, keep, descriptions, json,
        };
        command.SetAction((parse, _) => ModelCli.RunAsync(async () =>
        {
            var artifact = ModelCli.LoadModel(parse.GetValue(model)!);
            var texts = ModelCli.Descriptions(parse.GetValue(descriptions));
            var table = context.Console.Status().Start("Reading data", _ => ModelCli.ReadForModel(parse.GetValue(data)!, artifact));
            var kept = ModelCli.Names(parse.GetValue(keep)).Select(name => table.Find(name) ?? throw new CliException($"--keep {name}: no such column in {table.Source}.")).ToList();
            var scored = context.Console.Status().Start("Scoring", _ => ScoredRows.Score(artifact, table));
            var outPath = parse.GetValue(output)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await using (var writer = new StreamWriter(outPath, false, new UTF8Encoding(false)))
            {
                var header = kept.Count == 0 ? new List<string> { "line" } : kept.Select(c => c.Name).ToList();
                header.AddRange(["score", "pd"]);
                for (var k = 1; k <= ModelScorer.MaxReasons; k++)
                {
                    header.AddRange([$"reason_{k}", $"reason_{k}_points"]);
                }

                await writer.WriteLineAsync(string.Join(',', header.Select(Quote)));
                var features = artifact.Schema.Features;
                for (var r = 0; r < table.RowCount; r++)
                {
                    var fields = kept.Count == 0 ? [table.Lines[r].ToString(CultureInfo.InvariantCulture)] : kept.Select(c => Value(c, r)).ToList();
                    fields.Add(scored.Scores[r].ToString("R", CultureInfo.InvariantCulture));
                    fields.Add(scored.Pds[r].ToString("R", CultureInfo.InvariantCulture));
                    for (var k = 0; k < ModelScorer.MaxReasons; k++)
                    {
                        if (k < scored.Reasons[r].Length)
                        {
                            var name = features[scored.Reasons[r][k].Feature].Name;
                            fields.Add(texts.GetValueOrDefault(name, name));
                            fields.Add(scored.Reasons[r][k].Points.ToString("R", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            fields.AddRange(["", ""]);
                        }
                    }

                    await writer.WriteLineAsync(string.Join(',', fields.Select(Quote)));
                }
            }

            await context.Error.WriteLineAsync($"Scored {table.RowCount} rows into {outPath}.");
            if (parse.GetValue(json))
            {
                await ModelCli.WriteJsonAsync(context, new
                {
                    model = parse.GetValue(model),
                    @out = outPath,
                    rows = table.RowCount,
                    meanScore = table.RowCount > 0 ? scored.Scores.Average() : 0,
                    meanPd = table.RowCount > 0 ? scored.Pds.Average() : 0,
                });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Value(TabularColumn column, int row) =>
        column.IsMissing(row) ? "" : column.Kind == ColumnKind.Numeric ? column.NumberValues[row].ToString("R", CultureInfo.InvariantCulture) : column.LabelValues[row]!;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
